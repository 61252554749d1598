using LiveGrpc.TwilioStandIn.Tests.Support;
using Twilio.Base;
using Twilio.Exceptions;
using Twilio.Rest.Video.V1;

namespace LiveGrpc.TwilioStandIn.Tests;

/// <summary>Video v1 Rooms through Twilio's C# SDK (RoomResource), as LiveGrpc's provider will call them.</summary>
public sealed class RoomsTests : IAsyncLifetime
{
    private TwilioStandIn twilio = null!;

    public async Task InitializeAsync() => twilio = await TwilioStandIn.StartAsync();

    public async Task DisposeAsync() => await twilio.DisposeAsync();

    [Fact]
    public async Task CreateRoom_WithProviderSettings_ReturnsTheRoomAsTwilioShapesIt()
    {
        var (client, hosts) = TwilioSdk.Client(twilio);
        // A loopback URL that answers 404 and is not logged as a REST request (the callback is not the point here).
        var statusCallback = new Uri(twilio.BaseAddress, "/_standin/no-receiver");

        var room = await RoomResource.CreateAsync(
            uniqueName: "livegrpc-st_1",
            type: RoomResource.RoomTypeEnum.Group,
            statusCallback: statusCallback,
            statusCallbackMethod: Twilio.Http.HttpMethod.Post,
            emptyRoomTimeout: 2,
            unusedRoomTimeout: 3,
            maxParticipants: 10,
            maxParticipantDuration: 3600,
            client: client);

        Assert.Matches("^RM[0-9a-f]{32}$", room.Sid);
        Assert.Equal("livegrpc-st_1", room.UniqueName);
        Assert.Equal(RoomResource.RoomStatusEnum.InProgress, room.Status);
        Assert.Equal(RoomResource.RoomTypeEnum.Group, room.Type);
        Assert.Equal(twilio.Options.AccountSid, room.AccountSid);
        Assert.Equal(statusCallback, room.StatusCallback);
        Assert.Equal((2, 3, 10, 3600), (room.EmptyRoomTimeout, room.UnusedRoomTimeout, room.MaxParticipants, room.MaxParticipantDuration));
        Assert.Equal(new Uri($"https://video.twilio.com/v1/Rooms/{room.Sid}"), room.Url);
        Assert.Equal($"https://video.twilio.com/v1/Rooms/{room.Sid}/Participants", room.Links["participants"]);
        Assert.Null(room.EndTime);
        Assert.All(hosts.Hosts, host => Assert.Equal("video.twilio.com", host));

        var sent = Assert.Single(twilio.Requests);
        Assert.Equal(("POST", "/v1/Rooms", "CreateRoom", 201), (sent.Method, sent.Path, sent.OperationId, sent.Status));
        Assert.Equal("group", sent.FormValue("Type"));
        Assert.Equal(twilio.Options.ApiKeySid, sent.User);
    }

    [Fact]
    public async Task FetchRoom_BySidOrUniqueName_FindsTheInProgressRoom()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        var created = await RoomResource.CreateAsync(uniqueName: "by-name", client: client);

        var bySid = await RoomResource.FetchAsync(created.Sid, client);
        var byName = await RoomResource.FetchAsync("by-name", client);

        Assert.Equal(created.Sid, bySid.Sid);
        Assert.Equal(created.Sid, byName.Sid);
    }

    [Fact]
    public async Task CompleteRoom_ThenFetchByName_Is404ButFetchBySidStillWorks()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        var room = await RoomResource.CreateAsync(uniqueName: "short-lived", client: client);

        var completed = await RoomResource.UpdateAsync(room.Sid, RoomResource.RoomStatusEnum.Completed, client);

        Assert.Equal(RoomResource.RoomStatusEnum.Completed, completed.Status);
        Assert.NotNull(completed.EndTime);
        var byName = await Assert.ThrowsAsync<ApiException>(() => RoomResource.FetchAsync("short-lived", client));
        Assert.Equal((404, 20404), (byName.Status, byName.Code));
        Assert.Equal(RoomResource.RoomStatusEnum.Completed, (await RoomResource.FetchAsync(room.Sid, client)).Status);
    }

    [Fact]
    public async Task CreateRoom_WhoseNameAnInProgressRoomHas_Is53113_AndTheNameIsFreeOnceCompleted()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        var first = await RoomResource.CreateAsync(uniqueName: "taken", client: client);

        var duplicate = await Assert.ThrowsAsync<ApiException>(() => RoomResource.CreateAsync(uniqueName: "taken", client: client));
        Assert.Equal((400, 53113), (duplicate.Status, duplicate.Code));
        Assert.Equal("Room exists", duplicate.Message);
        Assert.Equal("https://www.twilio.com/docs/errors/53113", duplicate.MoreInfo);

        await RoomResource.UpdateAsync(first.Sid, RoomResource.RoomStatusEnum.Completed, client);
        var second = await RoomResource.CreateAsync(uniqueName: "taken", client: client);
        Assert.NotEqual(first.Sid, second.Sid);
    }

    [Fact]
    public async Task CompleteRoom_ThatIsAlreadyCompleted_Is53112()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        var room = await RoomResource.CreateAsync(client: client);
        await RoomResource.UpdateAsync(room.Sid, RoomResource.RoomStatusEnum.Completed, client);

        var again = await Assert.ThrowsAsync<ApiException>(() => RoomResource.UpdateAsync(room.Sid, RoomResource.RoomStatusEnum.Completed, client));

        Assert.Equal((400, 53112), (again.Status, again.Code));
    }

    [Fact]
    public async Task CreateRoom_WithoutUniqueName_UsesTheSidAsName()
    {
        var (client, _) = TwilioSdk.Client(twilio);

        var room = await RoomResource.CreateAsync(client: client);

        Assert.Equal(room.Sid, room.UniqueName);
        Assert.Equal(RoomResource.RoomTypeEnum.Group, room.Type);
    }

    [Fact]
    public async Task ReadRooms_FiltersByStatusAndName_AndPagesLikeTwilio()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        var sids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            sids.Add((await RoomResource.CreateAsync(uniqueName: $"page-{i}", client: client)).Sid);
        }
        await RoomResource.UpdateAsync(sids[0], RoomResource.RoomStatusEnum.Completed, client);

        // PageSize 2 over 4 in-progress rooms: the SDK follows meta.next_page_url to the second page.
        var inProgress = (await RoomResource.ReadAsync(status: RoomResource.RoomStatusEnum.InProgress, pageSize: 2, client: client)).ToList();
        var completed = (await RoomResource.ReadAsync(status: RoomResource.RoomStatusEnum.Completed, client: client)).ToList();
        var named = (await RoomResource.ReadAsync(uniqueName: "page-3", client: client)).ToList();

        Assert.Equal(sids.Skip(1).Order(), inProgress.Select(r => r.Sid).Order());
        Assert.Equal(sids[0], Assert.Single(completed).Sid);
        Assert.Equal(sids[3], Assert.Single(named).Sid);
        var pages = twilio.Requests.Where(r => r.OperationId == "ListRoom" && r.Query.Any(q => q is { Key: "Status", Value: "in-progress" })).ToList();
        Assert.Equal(2, pages.Count);
        Assert.Contains(new KeyValuePair<string, string>("Page", "1"), pages[1].Query);
    }

    [Fact]
    public async Task ReadRoomPage_HasTwilioPagingEnvelope()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        for (var i = 0; i < 3; i++)
        {
            await RoomResource.CreateAsync(client: client);
        }

        var page = await RoomResource.ReadAsync(pageSize: 2, limit: 2, client: client);
        using var http = RawTwilio.Client(twilio);
        var first = Page<RoomResource>.FromJson("rooms", await http.GetStringAsync("/v1/Rooms?PageSize=2"));

        Assert.Equal(2, page.Count());
        Assert.Equal(2, first.PageSize);
        Assert.True(first.HasNextPage());
        Assert.Equal("https://video.twilio.com/v1/Rooms?PageSize=2&Page=1&PageToken=PT2", first.GetNextPageUrl(Twilio.Rest.Domain.Video));
    }
}
