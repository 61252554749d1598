using LiveGrpc.TwilioStandIn.Callbacks;
using LiveGrpc.TwilioStandIn.Tests.Support;
using Twilio.Rest.Video.V1;
using Twilio.Rest.Video.V1.Room;
using Twilio.Security;

namespace LiveGrpc.TwilioStandIn.Tests;

/// <summary>Room status callbacks as an application's webhook receives them: signed, in order, with Twilio's parameters.</summary>
public sealed class CallbacksTests : IAsyncLifetime
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
    public async Task ARoomsLife_ArrivesSignedInOrderWithIncreasingSequenceNumbers()
    {
        var room = await CreateRoomAsync("stage");
        var host = await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "host-1", "stage"));
        var camera = twilio.PublishTrack(host.Sid, "video", "camera");
        twilio.UnpublishTrack(host.Sid, camera.Sid);
        twilio.DisconnectParticipant(host.Sid);
        var (client, _) = TwilioSdk.Client(twilio);
        await RoomResource.UpdateAsync(room.Sid, RoomResource.RoomStatusEnum.Completed, client);

        var received = await receiver.WaitForAsync(6);

        Assert.Equal(["room-created", "participant-connected", "track-added", "track-removed", "participant-disconnected", "room-ended"],
            received.Select(c => c.Event));
        Assert.Equal(["0", "1", "2", "3", "4", "5"], received.Select(c => c["SequenceNumber"]));
        var validator = new RequestValidator(twilio.Options.AuthToken);
        Assert.All(received, c => Assert.True(validator.Validate(c.Url, new Dictionary<string, string>(c.Form), c.Signature), $"{c.Event} is not signed"));
        Assert.All(received, c => Assert.Equal((twilio.Options.AccountSid, room.Sid, "stage", "group"), (c["AccountSid"], c["RoomSid"], c["RoomName"], c["RoomType"])));
        Assert.Equal((host.Sid, "host-1", "connected"), (received[1]["ParticipantSid"], received[1]["ParticipantIdentity"], received[1]["ParticipantStatus"]));
        Assert.Equal((camera.Sid, "video"), (received[2]["TrackSid"], received[2]["TrackKind"]));
        Assert.Equal("disconnected", received[4]["ParticipantStatus"]);
        Assert.True(int.TryParse(received[4]["ParticipantDuration"], out _));
        Assert.Equal(("completed", true), (received[5]["RoomStatus"], int.TryParse(received[5]["RoomDuration"], out _)));
        Assert.All(received, c => Assert.True(DateTimeOffset.TryParse(c["Timestamp"], out _)));
    }

    [Fact]
    public async Task AViewerThatPublishes_IsSeenThroughTrackAddedAndCanBeRemoved()
    {
        var room = await CreateRoomAsync("stage");
        var viewer = await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "viewer-7", "stage"));

        twilio.PublishTrack(viewer.Sid, "audio");
        var added = (await receiver.WaitForAsync(1, c => c.Event == "track-added"))[0];
        var (client, _) = TwilioSdk.Client(twilio);
        await ParticipantResource.UpdateAsync(added["RoomSid"], added["ParticipantSid"], ParticipantResource.StatusEnum.Disconnected, client);

        var removed = await receiver.WaitForAsync(1, c => c.Event == "participant-disconnected");
        Assert.Equal(("viewer-7", viewer.Sid), (added["ParticipantIdentity"], removed[0]["ParticipantSid"]));
        // The track is removed before its publisher leaves, as a client leaving does.
        Assert.Equal(["participant-connected", "track-added", "track-removed", "participant-disconnected"],
            (await receiver.WaitForAsync(5)).Skip(1).Select(c => c.Event));
        Assert.Equal(room.Sid, removed[0]["RoomSid"]);
    }

    [Fact]
    public async Task ADuplicateFault_DeliversTheSameSignedCallbackTwice()
    {
        twilio.AddCallbackFault(new CallbackFault { Mode = CallbackFaultMode.Duplicate, Event = "participant-connected" });
        await CreateRoomAsync("stage");

        await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "host-1", "stage"));

        var twice = await receiver.WaitForAsync(2, c => c.Event == "participant-connected");
        Assert.Equal(twice[0].Form, twice[1].Form);
        Assert.Equal(twice[0].Signature, twice[1].Signature);
        await twilio.FlushCallbacksAsync();
        Assert.Equal([null, null, "duplicate"], twilio.Callbacks.Select(c => c.Fault));
    }

    [Fact]
    public async Task AReorderFault_DeliversTheCallbackAfterTheNextOne()
    {
        twilio.AddCallbackFault(new CallbackFault { Mode = CallbackFaultMode.Reorder, Event = "participant-connected" });
        await CreateRoomAsync("stage");

        var host = await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "host-1", "stage"));
        twilio.PublishTrack(host.Sid, "video");

        var received = await receiver.WaitForAsync(3);
        Assert.Equal(["room-created", "track-added", "participant-connected"], received.Select(c => c.Event));
        Assert.Equal(["0", "2", "1"], received.Select(c => c["SequenceNumber"]));
    }

    [Fact]
    public async Task AReorderedCallbackWithNothingAfterIt_IsStillDelivered()
    {
        twilio.AddCallbackFault(new CallbackFault { Mode = CallbackFaultMode.Reorder, Event = "room-created" });

        await CreateRoomAsync("stage");

        Assert.Equal("room-created", (await receiver.WaitForAsync(1))[0].Event);
    }

    [Fact]
    public async Task ADelayFault_HoldsBackLaterCallbacksOfTheSameRoomSoOrderIsKept()
    {
        twilio.AddCallbackFault(new CallbackFault { Mode = CallbackFaultMode.Delay, Event = "room-created", DelayMs = 300 });

        await CreateRoomAsync("stage");
        await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "host-1", "stage"));

        Assert.Equal(["room-created", "participant-connected"], (await receiver.WaitForAsync(2)).Select(c => c.Event));
        await twilio.FlushCallbacksAsync();
        Assert.Equal("delay", twilio.Callbacks[0].Fault);
    }

    [Fact]
    public async Task AGetStatusCallback_CarriesTheParametersInTheSignedQuery()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        await RoomResource.CreateAsync(uniqueName: "stage", statusCallback: new Uri(receiver.Url("status?via=get")),
            statusCallbackMethod: Twilio.Http.HttpMethod.Get, client: client);

        var created = (await receiver.WaitForAsync(1))[0];

        Assert.Equal("GET", created.Method);
        Assert.Equal("room-created", created.Event);
        Assert.Contains("via=get&", created.Url, StringComparison.Ordinal);
        Assert.True(new RequestValidator(twilio.Options.AuthToken).Validate(created.Url, new Dictionary<string, string>(), created.Signature));
    }

    [Fact]
    public async Task AnUnreachableReceiver_IsRecordedAndDoesNotStopLaterCallbacks()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        await using (var gone = await CallbackReceiver.StartAsync())
        {
            await RoomResource.CreateAsync(uniqueName: "lost", statusCallback: new Uri(gone.Url("status")), client: client);
            await twilio.FlushCallbacksAsync();
        }
        await RoomResource.UpdateAsync("lost", RoomResource.RoomStatusEnum.Completed, client);
        await CreateRoomAsync("next");

        Assert.Equal("room-created", (await receiver.WaitForAsync(1))[0].Event);
        await twilio.FlushCallbacksAsync();
        var ended = Assert.Single(twilio.Callbacks, c => c.Event == "room-ended");
        Assert.Null(ended.Status);
        Assert.NotNull(ended.Error);
    }

    private async Task<RoomResource> CreateRoomAsync(string name)
    {
        var (client, _) = TwilioSdk.Client(twilio);
        return await RoomResource.CreateAsync(uniqueName: name, statusCallback: new Uri(receiver.Url("twilio/status")), client: client);
    }
}
