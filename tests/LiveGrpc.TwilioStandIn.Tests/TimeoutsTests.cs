using LiveGrpc.TwilioStandIn.Tests.Support;
using Twilio.Rest.Video.V1;
using Twilio.Rest.Video.V1.Room;

namespace LiveGrpc.TwilioStandIn.Tests;

/// <summary>Twilio's room and participant timeouts, crossed by moving the stand-in's clock (no waiting, no timing in the test).</summary>
public sealed class TimeoutsTests : IAsyncLifetime
{
    private TwilioStandIn twilio = null!;
    private CallbackReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        twilio = await TwilioStandIn.StartAsync();
        receiver = await CallbackReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await twilio.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task ARoomEveryoneLeft_CompletesAfterItsEmptyRoomTimeout()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        var room = await RoomResource.CreateAsync(uniqueName: "stage", emptyRoomTimeout: 1, unusedRoomTimeout: 1,
            statusCallback: new Uri(receiver.Url("status")), client: client);
        var host = await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "host-1", "stage"));
        twilio.AdvanceClock(TimeSpan.FromMinutes(10));
        twilio.DisconnectParticipant(host.Sid);

        twilio.AdvanceClock(TimeSpan.FromSeconds(50));
        var stillOpen = await RoomResource.FetchAsync(room.Sid, client);
        twilio.AdvanceClock(TimeSpan.FromSeconds(15));
        var closed = await RoomResource.FetchAsync(room.Sid, client);

        Assert.Equal(RoomResource.RoomStatusEnum.InProgress, stillOpen.Status);
        Assert.Equal(RoomResource.RoomStatusEnum.Completed, closed.Status);
        Assert.Equal("room-ended", (await receiver.WaitForAsync(1, c => c.Event == "room-ended"))[0].Event);
    }

    [Fact]
    public async Task ARoomNobodyJoins_CompletesAfterItsUnusedRoomTimeout()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        var room = await RoomResource.CreateAsync(unusedRoomTimeout: 2, client: client);

        twilio.AdvanceClock(TimeSpan.FromSeconds(110));
        var stillOpen = await RoomResource.FetchAsync(room.Sid, client);
        twilio.AdvanceClock(TimeSpan.FromSeconds(15));

        Assert.Equal(RoomResource.RoomStatusEnum.InProgress, stillOpen.Status);
        Assert.Equal(RoomResource.RoomStatusEnum.Completed, (await RoomResource.FetchAsync(room.Sid, client)).Status);
    }

    [Fact]
    public async Task ARoomWithDefaults_StaysOpenForTwiliosFiveMinutes()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        var room = await RoomResource.CreateAsync(client: client);

        twilio.AdvanceClock(TimeSpan.FromMinutes(4));
        var stillOpen = await RoomResource.FetchAsync(room.Sid, client);
        twilio.AdvanceClock(TimeSpan.FromMinutes(2));

        Assert.Equal((5, 5), (room.EmptyRoomTimeout, room.UnusedRoomTimeout));
        Assert.Equal(RoomResource.RoomStatusEnum.InProgress, stillOpen.Status);
        Assert.Equal(RoomResource.RoomStatusEnum.Completed, (await RoomResource.FetchAsync(room.Sid, client)).Status);
    }

    [Fact]
    public async Task AParticipant_IsDisconnectedAfterMaxParticipantDuration()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        var room = await RoomResource.CreateAsync(uniqueName: "stage", maxParticipantDuration: 600, client: client);
        var host = await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "host-1", "stage"));

        twilio.AdvanceClock(TimeSpan.FromSeconds(590));
        var stillThere = await ParticipantResource.FetchAsync(room.Sid, host.Sid, client);
        twilio.AdvanceClock(TimeSpan.FromSeconds(15));
        var gone = await ParticipantResource.FetchAsync(room.Sid, host.Sid, client);

        Assert.Equal(ParticipantResource.StatusEnum.Connected, stillThere.Status);
        Assert.Equal(ParticipantResource.StatusEnum.Disconnected, gone.Status);
        Assert.InRange(gone.Duration!.Value, 600, 700);
        Assert.Equal(RoomResource.RoomStatusEnum.InProgress, (await RoomResource.FetchAsync(room.Sid, client)).Status);
    }
}
