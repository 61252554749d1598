using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LiveGrpc.TwilioStandIn.Tests.Support;

namespace LiveGrpc.TwilioStandIn.Tests;

/// <summary>
/// The stand-in against Twilio's descriptions, read here independently with System.Text.Json:
/// every path and method is routed to its operation, and every body has exactly the schema's
/// fields, with SIDs matching the schema's patterns.
/// </summary>
public sealed partial class DescriptionConformanceTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Sha256 = new()
    {
        ["OpenApi.twilio_video_v1.json"] = "162f62d432a227cb5aab8da45af7bbfceca5569feff4e26529504583946d1383",
        ["OpenApi.twilio_media_v1.json"] = "0a86a5bb2a68bd260b06cf3b7b4971cd96c2c252ba823f9e5bc04a03819bfc20",
    };

    private TwilioStandIn twilio = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        twilio = await TwilioStandIn.StartAsync();
        http = RawTwilio.Client(twilio);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await twilio.DisposeAsync();
    }

    [Fact]
    public void TheEmbeddedDescriptions_AreTwiliosFilesUnchanged()
    {
        foreach (var (resource, expected) in Sha256)
        {
            using var stream = typeof(TwilioStandIn).Assembly.GetManifestResourceStream(resource)!;
            Assert.Equal(expected, Convert.ToHexStringLower(SHA256.HashData(stream)));
        }
    }

    [Fact]
    public async Task EveryPathAndMethodOfTheDescriptions_IsRoutedToItsOperation()
    {
        var operations = Descriptions().SelectMany(d => d["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(method => method.Key is "get" or "post" or "delete")
                .Select(method => (Path: path.Key, Method: method.Key.ToUpperInvariant(), Operation: method.Value!)))).ToList();

        foreach (var (path, method, operation) in operations)
        {
            using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), Concrete(path, operation)));
            var recorded = twilio.Requests[^1];
            Assert.True((string?)operation["operationId"] == recorded.OperationId, $"{method} {path} reached {recorded.OperationId ?? "no route"} ({recorded.Status})");
        }
        Assert.Equal(52, operations.Count);
    }

    [Fact]
    public async Task EveryResourceTheStandInModels_HasExactlyItsSchemasFields()
    {
        var room = (await http.PostAsync("/v1/Rooms", ("UniqueName", "stage"))).Body;
        var participant = await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "host-1", "stage"));
        var track = twilio.PublishTrack(participant.Sid, "video");
        var streamer = (await http.PostAsync("/v1/PlayerStreamers")).Body;
        var streamerSid = (string)streamer["sid"]!;
        var context = $"{{\"room\":{{\"name\":\"stage\"}},\"outputs\":[\"{streamerSid}\"]}}";
        var bodies = new (string Schema, JsonObject Body)[]
        {
            ("video.v1.room", room),
            ("video.v1.room.room_participant", (await http.GetJsonAsync($"/v1/Rooms/stage/Participants/{participant.Sid}")).Body),
            ("video.v1.room.room_participant.room_participant_published_track", (await http.GetJsonAsync($"/v1/Rooms/stage/Participants/{participant.Sid}/PublishedTracks/{track.Sid}")).Body),
            ("video.v1.room.room_participant.room_participant_subscribe_rule", (await http.GetJsonAsync($"/v1/Rooms/stage/Participants/{participant.Sid}/SubscribeRules")).Body),
            ("media.v1.player_streamer", streamer),
            ("media.v1.player_streamer.player_streamer_playback_grant", (await http.PostAsync($"/v1/PlayerStreamers/{streamerSid}/PlaybackGrant")).Body),
            ("media.v1.media_processor", (await http.PostAsync("/v1/MediaProcessors", ("Extension", "video-composer-v1"), ("ExtensionContext", context))).Body),
        };

        var schemas = Descriptions().SelectMany(d => d["components"]!["schemas"]!.AsObject()).ToDictionary(s => s.Key, s => s.Value!);
        foreach (var (schema, body) in bodies)
        {
            var properties = schemas[schema]["properties"]!.AsObject();
            Assert.Equal(properties.Select(p => p.Key).Order(), body.Select(p => p.Key).Order());
            foreach (var (name, property) in properties)
            {
                if ((string?)property!["pattern"] is { } pattern && body[name] is JsonValue value)
                {
                    Assert.Matches(pattern, (string)value!);
                }
            }
        }
    }

    [Fact]
    public async Task EveryListAnswers_WithTheDescriptionsPagingEnvelope()
    {
        await http.PostAsync("/v1/Rooms", ("UniqueName", "stage"));
        var listSchema = Descriptions()[0]["paths"]!["/v1/Rooms"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;

        var (_, page) = await http.GetJsonAsync("/v1/Rooms?Status=in-progress");

        Assert.Equal(listSchema["properties"]!.AsObject().Select(p => p.Key).Order(), page.Select(p => p.Key).Order());
        Assert.Equal(listSchema["properties"]!["meta"]!["properties"]!.AsObject().Select(p => p.Key).Order(), page["meta"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal("https://video.twilio.com/v1/Rooms?Status=in-progress&PageSize=50&Page=0", (string)page["meta"]!["url"]!);
    }

    private static List<JsonNode> Descriptions() =>
        [.. Sha256.Keys.Select(resource =>
        {
            using var stream = typeof(TwilioStandIn).Assembly.GetManifestResourceStream(resource)!;
            return JsonNode.Parse(stream)!;
        })];

    /// <summary>The path with each {Parameter} filled by a value its pattern accepts (RM + 32 hex digits, ...).</summary>
    private static string Concrete(string path, JsonNode operation) =>
        Placeholder().Replace(path, match =>
        {
            var parameter = operation["parameters"]?.AsArray().FirstOrDefault(p => (string?)p!["name"] == match.Groups[1].Value);
            var prefix = SidPrefix().Match((string?)parameter?["schema"]?["pattern"] ?? "");
            return prefix.Success ? prefix.Groups[1].Value + new string('0', 32) : "placeholder";
        });

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^\^([A-Z]{2})\[")]
    private static partial Regex SidPrefix();
}
