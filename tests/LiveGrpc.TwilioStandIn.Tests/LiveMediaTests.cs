using System.Text.Json.Nodes;
using LiveGrpc.TwilioStandIn.Tests.Support;
using Microsoft.IdentityModel.Tokens;
using Twilio.Jwt.AccessToken;
using Twilio.Rest.Video.V1;
using Twilio.Security;

namespace LiveGrpc.TwilioStandIn.Tests;

/// <summary>Media v1 (Twilio Live) with plain form posts, since Twilio's SDK no longer has it.</summary>
public sealed class LiveMediaTests : IAsyncLifetime
{
    private TwilioStandIn twilio = null!;
    private CallbackReceiver receiver = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        twilio = await TwilioStandIn.StartAsync();
        receiver = await CallbackReceiver.StartAsync();
        http = RawTwilio.Client(twilio);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await twilio.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task APlayerStreamer_IsCreatedThenStarts_WithSignedCallbacks()
    {
        var (status, created) = await http.PostAsync("/v1/PlayerStreamers",
            ("Video", "true"), ("StatusCallback", receiver.Url("live/streamer")), ("MaxDuration", "3600"));
        twilio.AdvanceClock(TimeSpan.FromSeconds(1));
        var (_, started) = await http.GetJsonAsync($"/v1/PlayerStreamers/{created["sid"]}");

        Assert.Equal(201, status);
        Assert.Matches("^VJ[0-9a-f]{32}$", (string)created["sid"]!);
        Assert.Equal(("created", true, 3600), ((string)created["status"]!, (bool)created["video"]!, (int)created["max_duration"]!));
        Assert.Equal($"https://media.twilio.com/v1/PlayerStreamers/{created["sid"]}/PlaybackGrant", (string)created["links"]!["playback_grant"]!);
        Assert.Equal("started", (string)started["status"]!);
        var callbacks = await receiver.WaitForAsync(2);
        Assert.Equal(["player-streamer-created", "player-streamer-started"], callbacks.Select(c => c.Event));
        Assert.All(callbacks, c => Assert.Equal((string)created["sid"]!, c["PlayerStreamerSid"]));
        var validator = new RequestValidator(twilio.Options.AuthToken);
        Assert.All(callbacks, c => Assert.True(validator.Validate(c.Url, new Dictionary<string, string>(c.Form), c.Signature)));
    }

    [Fact]
    public async Task APlaybackGrant_IsCreatedFetchedAndCounted_AndFitsTheSdksPlaybackGrant()
    {
        var streamer = await CreateStreamerAsync();

        var (status, grant) = await http.PostAsync($"/v1/PlayerStreamers/{streamer}/PlaybackGrant", ("Ttl", "60"), ("AccessControlAllowOrigin", "https://livegrpc.example.org"));
        var (_, fetched) = await http.GetJsonAsync($"/v1/PlayerStreamers/{streamer}/PlaybackGrant");

        Assert.Equal(201, status);
        Assert.Equal((streamer, twilio.Options.AccountSid), ((string)grant["sid"]!, (string)grant["account_sid"]!));
        Assert.Equal($"https://media.twilio.com/v1/PlayerStreamers/{streamer}/PlaybackGrant", (string)grant["url"]!);
        Assert.Equal(streamer, (string)grant["grant"]!["playerStreamerSid"]!);
        Assert.StartsWith("https://", (string)grant["grant"]!["playbackUrl"]!, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(grant, fetched));
        Assert.Single(twilio.Requests, r => r.OperationId == "CreatePlayerStreamerPlaybackGrant");

        // What the provider does with it: the REST grant object becomes the SDK's PlaybackGrant in a viewer's Access Token.
        var grantObject = grant["grant"]!.AsObject().ToDictionary(p => p.Key, p => (object)p.Value?.GetValue<string>()!);
        var token = new Token(twilio.Options.AccountSid, twilio.Options.ApiKeySid, twilio.Options.ApiKeySecret, identity: "viewer",
            grants: [new PlaybackGrant { Grant = grantObject }]).ToJwt();
        var player = JsonNode.Parse(Base64UrlEncoder.Decode(token.Split('.')[1]))!["grants"]!["player"]!;
        Assert.Equal(streamer, (string)player["playerStreamerSid"]!);
    }

    [Fact]
    public async Task APlaybackGrant_WithATtlAboveSixtySeconds_Is400()
    {
        var streamer = await CreateStreamerAsync();

        var (status, error) = await http.PostAsync($"/v1/PlayerStreamers/{streamer}/PlaybackGrant", ("Ttl", "3600"));

        Assert.Equal((400, 20001), (status, (int)error["code"]!));
    }

    [Fact]
    public async Task AMediaProcessor_ComposingALiveRoomIntoAStreamer_StartsAndEndsOnRequest()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        await RoomResource.CreateAsync(uniqueName: "livegrpc-st_1", client: client);
        var streamer = await CreateStreamerAsync();

        var (status, created) = await http.PostAsync("/v1/MediaProcessors",
            ("Extension", "video-composer-v1"),
            ("ExtensionContext", ComposerContext("livegrpc-st_1", streamer)),
            ("StatusCallback", receiver.Url("live/processor")),
            ("MaxDuration", "3600"));
        twilio.AdvanceClock(TimeSpan.FromSeconds(1));
        var (_, running) = await http.GetJsonAsync($"/v1/MediaProcessors/{created["sid"]}");
        var (_, ended) = await http.PostAsync($"/v1/MediaProcessors/{created["sid"]}", ("Status", "ENDED"));
        var (_, streamerEnded) = await http.PostAsync($"/v1/PlayerStreamers/{streamer}", ("Status", "ended"));

        Assert.Equal(201, status);
        Assert.Matches("^ZX[0-9a-f]{32}$", (string)created["sid"]!);
        Assert.Equal(("started", "started"), ((string)created["status"]!, (string)running["status"]!));
        Assert.Equal(("ended", "ended-via-api"), ((string)ended["status"]!, (string)ended["ended_reason"]!));
        Assert.Equal(("ended", "ended-via-api"), ((string)streamerEnded["status"]!, (string)streamerEnded["ended_reason"]!));
        var callbacks = await receiver.WaitForAsync(2, c => c.Form.ContainsKey("MediaProcessorSid"));
        Assert.Equal(["media-processor-started", "media-processor-ended"], callbacks.Select(c => c.Event));
        Assert.Equal(("video-composer-v1", "ended-via-api"), (callbacks[1]["Extension"], callbacks[1]["EndedReason"]));
    }

    [Fact]
    public async Task AMediaProcessor_ForARoomThatIsNotInProgress_Fails()
    {
        var streamer = await CreateStreamerAsync();

        var (_, created) = await http.PostAsync("/v1/MediaProcessors",
            ("Extension", "video-composer-v1"), ("ExtensionContext", ComposerContext("nobody-here", streamer)), ("StatusCallback", receiver.Url("live/processor")));
        twilio.AdvanceClock(TimeSpan.Zero);
        var (_, failed) = await http.GetJsonAsync($"/v1/MediaProcessors/{created["sid"]}");

        Assert.Equal("failed", (string)failed["status"]!);
        var callback = (await receiver.WaitForAsync(1, c => c.Event == "media-processor-failed"))[0];
        Assert.Contains("nobody-here", callback["ErrorMessage"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMediaProcessor_FailedThroughTheControlApi_ReportsTheFailure()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        await RoomResource.CreateAsync(uniqueName: "stage", client: client);
        var streamer = await CreateStreamerAsync();
        var (_, created) = await http.PostAsync("/v1/MediaProcessors",
            ("Extension", "video-composer-v1"), ("ExtensionContext", ComposerContext("stage", streamer)), ("StatusCallback", receiver.Url("live/processor")));

        twilio.FailMediaProcessor((string)created["sid"]!, "composer crashed");

        var (_, failed) = await http.GetJsonAsync($"/v1/MediaProcessors/{created["sid"]}");
        Assert.Equal(("failed", "composer crashed"), ((string)failed["status"]!, (string)failed["ended_reason"]!));
        Assert.Equal("composer crashed", (await receiver.WaitForAsync(1, c => c.Event == "media-processor-failed"))[0]["EndedReason"]);
    }

    [Theory]
    [InlineData("video-composer-v9", "{\"room\":{\"name\":\"stage\"},\"outputs\":[\"VJ\"]}", "Unknown Media Extension")]
    [InlineData("video-composer-v1", "not json", "ExtensionContext")]
    [InlineData("video-composer-v1", "{\"room\":{\"name\":\"stage\"}}", "outputs")]
    public async Task AMediaProcessor_WithABadExtensionOrContext_Is400(string extension, string context, string complaint)
    {
        var (status, error) = await http.PostAsync("/v1/MediaProcessors", ("Extension", extension), ("ExtensionContext", context));

        Assert.Equal((400, 20001), (status, (int)error["code"]!));
        Assert.Contains(complaint, (string)error["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMediaProcessor_WithoutItsRequiredExtension_Is400()
    {
        var (status, error) = await http.PostAsync("/v1/MediaProcessors", ("ExtensionContext", "{}"));

        Assert.Equal((400, "Missing required parameter Extension in the post body"), (status, (string)error["message"]!));
    }

    [Fact]
    public async Task APlayerStreamer_EndsAfterItsMaxDuration()
    {
        var streamer = await CreateStreamerAsync(maxDuration: 60);

        twilio.AdvanceClock(TimeSpan.FromSeconds(61));
        var (_, ended) = await http.GetJsonAsync($"/v1/PlayerStreamers/{streamer}");
        var (grantStatus, _) = await http.PostAsync($"/v1/PlayerStreamers/{streamer}/PlaybackGrant");

        Assert.Equal(("ended", "max-duration-exceeded"), ((string)ended["status"]!, (string)ended["ended_reason"]!));
        Assert.Equal(400, grantStatus);
    }

    [Fact]
    public async Task ListPlayerStreamers_FiltersByStatusAndOrders()
    {
        var first = await CreateStreamerAsync();
        twilio.AdvanceClock(TimeSpan.FromSeconds(1));
        var second = await CreateStreamerAsync();
        await http.PostAsync($"/v1/PlayerStreamers/{first}", ("Status", "ended"));

        var (_, ended) = await http.GetJsonAsync("/v1/PlayerStreamers?Status=ended");
        var (_, ascending) = await http.GetJsonAsync("/v1/PlayerStreamers?Order=asc");
        var (_, descending) = await http.GetJsonAsync("/v1/PlayerStreamers");

        Assert.Equal([first], ended["player_streamers"]!.AsArray().Select(s => (string)s!["sid"]!));
        Assert.Equal([first, second], ascending["player_streamers"]!.AsArray().Select(s => (string)s!["sid"]!));
        Assert.Equal([second, first], descending["player_streamers"]!.AsArray().Select(s => (string)s!["sid"]!));
        Assert.Equal("player_streamers", (string)descending["meta"]!["key"]!);
    }

    [Fact]
    public async Task APathSidWithAnotherResourcesPrefix_Is404()
    {
        var (status, error) = await http.GetJsonAsync("/v1/PlayerStreamers/RM00000000000000000000000000000000");

        Assert.Equal((404, 20404), (status, (int)error["code"]!));
    }

    private async Task<string> CreateStreamerAsync(int maxDuration = 300)
    {
        var (status, streamer) = await http.PostAsync("/v1/PlayerStreamers", ("Video", "true"), ("MaxDuration", maxDuration.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(201, status);
        return (string)streamer["sid"]!;
    }

    private static string ComposerContext(string room, string streamer) =>
        new JsonObject
        {
            ["identity"] = "video-composer-v1",
            ["room"] = new JsonObject { ["name"] = room },
            ["outputs"] = new JsonArray(streamer),
            ["resolution"] = "1280x720",
        }.ToJsonString();
}
