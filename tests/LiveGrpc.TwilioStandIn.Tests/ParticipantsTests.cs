using LiveGrpc.TwilioStandIn.Rest;
using LiveGrpc.TwilioStandIn.Tests.Support;
using Twilio.Exceptions;
using Twilio.Rest.Video.V1;
using Twilio.Rest.Video.V1.Room;
using Twilio.Rest.Video.V1.Room.Participant;

namespace LiveGrpc.TwilioStandIn.Tests;

/// <summary>Participants join through the control API (as twilio-video.js would through signalling) and are seen and removed through the SDK.</summary>
public sealed class ParticipantsTests : IAsyncLifetime
{
    private TwilioStandIn twilio = null!;

    public async Task InitializeAsync() => twilio = await TwilioStandIn.StartAsync();

    public async Task DisposeAsync() => await twilio.DisposeAsync();

    [Fact]
    public async Task ConnectedParticipants_AreListedAndFetchedBySidOrIdentity()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        var room = await RoomResource.CreateAsync(uniqueName: "stage", client: client);

        var host = await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "host-1", "stage"));
        var viewer = await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "viewer-1", "stage"));

        Assert.Matches("^PA[0-9a-f]{32}$", host.Sid);
        Assert.Equal(room.Sid, host.RoomSid);
        var listed = (await ParticipantResource.ReadAsync(room.Sid, client: client)).ToList();
        Assert.Equal(["host-1", "viewer-1"], listed.Select(p => p.Identity).Order());
        Assert.All(listed, p => Assert.Equal(ParticipantResource.StatusEnum.Connected, p.Status));
        Assert.Equal(host.Sid, (await ParticipantResource.FetchAsync("stage", "host-1", client)).Sid);
        var fetched = await ParticipantResource.FetchAsync(room.Sid, viewer.Sid, client);
        Assert.Equal(new Uri($"https://video.twilio.com/v1/Rooms/{room.Sid}/Participants/{viewer.Sid}"), fetched.Url);
        Assert.Equal($"https://video.twilio.com/v1/Rooms/{room.Sid}/Participants/{viewer.Sid}/PublishedTracks", fetched.Links["published_tracks"]);
    }

    [Fact]
    public async Task UpdateParticipant_ToDisconnected_RemovesThemFromTheConnectedList()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        var room = await RoomResource.CreateAsync(uniqueName: "stage", client: client);
        var viewer = await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "viewer-1", "stage"));
        twilio.PublishTrack(viewer.Sid, "video");

        var removed = await ParticipantResource.UpdateAsync(room.Sid, viewer.Sid, ParticipantResource.StatusEnum.Disconnected, client);

        Assert.Equal(ParticipantResource.StatusEnum.Disconnected, removed.Status);
        Assert.NotNull(removed.EndTime);
        Assert.Empty(await ParticipantResource.ReadAsync(room.Sid, client: client));
        Assert.Equal(viewer.Sid, Assert.Single(await ParticipantResource.ReadAsync(room.Sid, status: ParticipantResource.StatusEnum.Disconnected, client: client)).Sid);
        Assert.Throws<TwilioErrorException>(() => twilio.PublishTrack(viewer.Sid, "audio"));
    }

    [Fact]
    public async Task PublishedTracks_AreListedUntilUnpublished()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        var room = await RoomResource.CreateAsync(uniqueName: "stage", client: client);
        var host = await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "host-1", "stage"));

        var camera = twilio.PublishTrack(host.Sid, "video", "camera");
        var microphone = twilio.PublishTrack(host.Sid, "audio", "microphone");
        twilio.UnpublishTrack(host.Sid, camera.Sid);

        Assert.Matches("^MT[0-9a-f]{32}$", camera.Sid);
        var track = Assert.Single(await PublishedTrackResource.ReadAsync(room.Sid, host.Sid, client: client));
        Assert.Equal((microphone.Sid, "microphone", PublishedTrackResource.KindEnum.Audio), (track.Sid, track.Name, track.Kind));
    }

    [Fact]
    public async Task CompletingTheRoom_DisconnectsEveryone()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        var room = await RoomResource.CreateAsync(uniqueName: "stage", client: client);
        await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "host-1", "stage"));

        await RoomResource.UpdateAsync(room.Sid, RoomResource.RoomStatusEnum.Completed, client);

        var gone = Assert.Single(await ParticipantResource.ReadAsync(room.Sid, client: client));
        Assert.Equal(ParticipantResource.StatusEnum.Disconnected, gone.Status);
        var late = await Assert.ThrowsAsync<TwilioErrorException>(() => twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "late", room.Sid)));
        Assert.Equal(53118, late.Error.Code);
    }

    [Fact]
    public async Task Connecting_TheSameIdentityTwice_DisconnectsTheFirstSession()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        var room = await RoomResource.CreateAsync(uniqueName: "stage", client: client);
        var first = await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "host-1", "stage"));

        var second = await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "host-1", "stage"));

        Assert.NotEqual(first.Sid, second.Sid);
        Assert.Equal(second.Sid, Assert.Single(await ParticipantResource.ReadAsync(room.Sid, client: client)).Sid);
    }

    [Fact]
    public async Task Connecting_BeyondMaxParticipants_Is53105()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        await RoomResource.CreateAsync(uniqueName: "small", maxParticipants: 2, client: client);
        await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "a", "small"));
        await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "b", "small"));

        var full = await Assert.ThrowsAsync<TwilioErrorException>(() => twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "c", "small")));

        Assert.Equal(53105, full.Error.Code);
    }

    [Fact]
    public async Task Connecting_ToARoomThatDoesNotExist_Is53106()
    {
        var missing = await Assert.ThrowsAsync<TwilioErrorException>(() => twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "a", "nowhere")));

        Assert.Equal((404, 53106), (missing.Error.Status, missing.Error.Code));
    }

    [Fact]
    public async Task SubscribeRules_AreTwiliosDefaultUntilUpdated()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        var room = await RoomResource.CreateAsync(uniqueName: "stage", client: client);
        var viewer = await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "viewer-1", "stage"));

        var initial = await SubscribeRulesResource.FetchAsync(room.Sid, viewer.Sid, client);
        var updated = await SubscribeRulesResource.UpdateAsync(room.Sid, viewer.Sid,
            rules: new List<object> { new Dictionary<string, object> { ["type"] = "exclude", ["all"] = true } }, client: client);

        Assert.Equal("include", Assert.Single(initial.Rules).Type.ToString());
        Assert.Equal("exclude", Assert.Single(updated.Rules).Type.ToString());
    }

    [Fact]
    public async Task PublishingATrackOfAnUnknownKind_Is53300()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        await RoomResource.CreateAsync(uniqueName: "stage", client: client);
        var host = await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "host-1", "stage"));

        var invalid = Assert.Throws<TwilioErrorException>(() => twilio.PublishTrack(host.Sid, "hologram"));

        Assert.Equal(53300, invalid.Error.Code);
    }
}
