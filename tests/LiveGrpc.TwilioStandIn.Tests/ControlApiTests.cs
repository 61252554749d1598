using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LiveGrpc.TwilioStandIn.Tests.Support;

namespace LiveGrpc.TwilioStandIn.Tests;

/// <summary>The /_standin control API over HTTP, as Node and browser tests in other processes use it.</summary>
public sealed class ControlApiTests : IAsyncLifetime
{
    private TwilioStandIn twilio = null!;
    private HttpClient control = null!;
    private HttpClient rest = null!;

    public async Task InitializeAsync()
    {
        twilio = await TwilioStandIn.StartAsync();
        control = new HttpClient { BaseAddress = twilio.BaseAddress };
        rest = RawTwilio.Client(twilio);
    }

    public async Task DisposeAsync()
    {
        control.Dispose();
        rest.Dispose();
        await twilio.DisposeAsync();
    }

    [Fact]
    public async Task TheRoot_SaysWhereTheStandInIsAndWhichAccountItServes()
    {
        var identity = await control.GetFromJsonAsync<JsonObject>("/_standin");

        Assert.Equal(twilio.BaseAddress.ToString().TrimEnd('/'), (string)identity!["baseAddress"]!);
        Assert.Equal((twilio.Options.AccountSid, twilio.Options.ApiKeySid, twilio.Options.ApiKeySecret, twilio.Options.AuthToken),
            ((string)identity["accountSid"]!, (string)identity["apiKeySid"]!, (string)identity["apiKeySecret"]!, (string)identity["authToken"]!));
    }

    [Fact]
    public async Task AParticipant_JoinsPublishesUnpublishesAndLeaves_OverHttp()
    {
        await rest.PostAsync("/v1/Rooms", ("UniqueName", "stage"));

        var joined = await Send(HttpMethod.Post, "/_standin/participants", new { token = TwilioSdk.VideoToken(twilio, "host-1", "stage") });
        var sid = (string)joined.Body["sid"]!;
        var track = await Send(HttpMethod.Post, $"/_standin/participants/{sid}/tracks", new { kind = "video", name = "camera" });
        var (_, tracks) = await rest.GetJsonAsync($"/v1/Rooms/stage/Participants/{sid}/PublishedTracks");
        var unpublished = await Send(HttpMethod.Delete, $"/_standin/participants/{sid}/tracks/{track.Body["sid"]}");
        var left = await Send(HttpMethod.Delete, $"/_standin/participants/{sid}");

        Assert.Equal((HttpStatusCode.Created, "host-1", "connected"), (joined.Status, (string)joined.Body["identity"]!, (string)joined.Body["status"]!));
        Assert.Equal((HttpStatusCode.Created, "camera", "video"), (track.Status, (string)track.Body["name"]!, (string)track.Body["kind"]!));
        Assert.Equal((string)track.Body["sid"]!, (string)tracks["published_tracks"]![0]!["sid"]!);
        Assert.Equal(HttpStatusCode.OK, unpublished.Status);
        Assert.Equal("disconnected", (string)left.Body["status"]!);
    }

    [Fact]
    public async Task ABadToken_IsRefusedWithTwiliosCode_AndMalformedJsonWithATwilioShaped400()
    {
        await rest.PostAsync("/v1/Rooms", ("UniqueName", "stage"));

        var forged = await Send(HttpMethod.Post, "/_standin/participants", new { token = TwilioSdk.VideoToken(twilio, "host-1", "stage", secret: new string('f', 32)) });
        using var malformed = await control.PostAsync("/_standin/participants", new StringContent("{\"token\":", System.Text.Encoding.UTF8, "application/json"));
        var malformedBody = await malformed.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal((HttpStatusCode.Unauthorized, 20107), (forged.Status, (int)forged.Body["code"]!));
        Assert.Equal((HttpStatusCode.BadRequest, 20001), (malformed.StatusCode, (int)malformedBody!["code"]!));
    }

    [Fact]
    public async Task AFaultSetOverHttp_ShapesTheNextRestAnswer_AndTheRequestLogShowsIt()
    {
        var fault = await Send(HttpMethod.Post, "/_standin/faults", new { method = "POST", path = "/v1/Rooms", status = 429, retryAfterSeconds = 1, count = 1 });

        using var limited = await rest.PostAsync("/v1/Rooms", new FormUrlEncodedContent([new("UniqueName", "stage")]));
        var (created, _) = await rest.PostAsync("/v1/Rooms", ("UniqueName", "stage"));
        var log = (await control.GetFromJsonAsync<JsonArray>("/_standin/requests?operationId=CreateRoom"))!;

        Assert.Equal(HttpStatusCode.Created, fault.Status);
        Assert.Equal((HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(1)), (limited.StatusCode, limited.Headers.RetryAfter?.Delta));
        Assert.Equal(201, created);
        Assert.Equal([429, 201], log.Select(r => (int)r!["status"]!));
        var form = log[1]!["form"]!.AsArray().Select(f => ((string)f!["key"]!, (string)f!["value"]!));
        Assert.Equal([("UniqueName", "stage")], form);
        Assert.Empty((await control.GetFromJsonAsync<JsonArray>("/_standin/faults"))!);
    }

    [Fact]
    public async Task AFaultThatWouldDoNothing_IsRefused()
    {
        var refused = await Send(HttpMethod.Post, "/_standin/faults", new { path = "/v1/Rooms" });
        var wrongStatus = await Send(HttpMethod.Post, "/_standin/faults", new { path = "/v1/Rooms", status = 200 });

        Assert.Equal((HttpStatusCode.BadRequest, 20001), (refused.Status, (int)refused.Body["code"]!));
        Assert.Equal(HttpStatusCode.BadRequest, wrongStatus.Status);
    }

    [Fact]
    public async Task TheClock_MovesForwardOverHttp_AndTimeoutsFallDue()
    {
        var (_, room) = await rest.PostAsync("/v1/Rooms", ("UniqueName", "stage"), ("UnusedRoomTimeout", "1"));

        var advanced = await Send(HttpMethod.Post, "/_standin/clock/advance", new { seconds = 61 });
        var (_, after) = await rest.GetJsonAsync($"/v1/Rooms/{room["sid"]}");
        var backwards = await Send(HttpMethod.Post, "/_standin/clock/advance", new { seconds = -1 });

        Assert.Equal(HttpStatusCode.OK, advanced.Status);
        Assert.Equal("completed", (string)after["status"]!);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.Status);
    }

    [Fact]
    public async Task CallbacksAndCallbackFaults_AreVisibleAndSteerableOverHttp()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await Send(HttpMethod.Post, "/_standin/callback-faults", new { mode = "duplicate", @event = "room-created" });

        await rest.PostAsync("/v1/Rooms", ("UniqueName", "stage"), ("StatusCallback", receiver.Url("status")));
        var flushed = await Send(HttpMethod.Post, "/_standin/callbacks/flush");
        var created = await control.GetFromJsonAsync<JsonArray>("/_standin/callbacks?event=room-created");

        Assert.Equal(HttpStatusCode.OK, flushed.Status);
        Assert.Equal(2, created!.Count);
        Assert.All(created, c => Assert.Equal(204, (int)c!["status"]!));
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task TheMediaPipeline_EndsAndFailsOverHttp()
    {
        await rest.PostAsync("/v1/Rooms", ("UniqueName", "stage"));
        var (_, streamer) = await rest.PostAsync("/v1/PlayerStreamers");
        var (_, processor) = await rest.PostAsync("/v1/MediaProcessors", ("Extension", "video-composer-v1"),
            ("ExtensionContext", $"{{\"room\":{{\"name\":\"stage\"}},\"outputs\":[\"{streamer["sid"]}\"]}}"));

        var failed = await Send(HttpMethod.Post, $"/_standin/media-processors/{processor["sid"]}/fail", new { reason = "extension crashed" });
        var ended = await Send(HttpMethod.Post, $"/_standin/player-streamers/{streamer["sid"]}/end", new { reason = "stream-disconnected-by-source" });

        Assert.Equal(("failed", "extension crashed"), ((string)failed.Body["status"]!, (string)failed.Body["ended_reason"]!));
        Assert.Equal(("ended", "stream-disconnected-by-source"), ((string)ended.Body["status"]!, (string)ended.Body["ended_reason"]!));
    }

    [Fact]
    public async Task TheControlApi_NeedsNoTwilioCredentials_ButTheRestApiDoes()
    {
        using var anonymous = await control.GetAsync("/v1/Rooms");
        using var controlRoot = await control.GetAsync("/_standin");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic realm=\"Twilio API\"", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, controlRoot.StatusCode);
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> Send(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await control.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && JsonNode.Parse(text) is JsonObject json ? json : []);
    }
}
