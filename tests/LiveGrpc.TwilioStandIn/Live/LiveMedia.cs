using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiveGrpc.TwilioStandIn.Callbacks;
using LiveGrpc.TwilioStandIn.Rest;
using LiveGrpc.TwilioStandIn.Spec;
using LiveGrpc.TwilioStandIn.Video;
using Microsoft.Extensions.Options;

namespace LiveGrpc.TwilioStandIn.Live;

/// <summary>
/// Media v1 (Twilio Live): PlayerStreamers (created → started after a short delay → ended or
/// failed), their PlaybackGrants, and MediaProcessors (started → ended or failed; a
/// video-composer whose room is not in progress or whose outputs are not live PlayerStreamers
/// fails). Both end by themselves after MaxDuration (default 300 s, at most 90000 s).
/// </summary>
internal sealed class LiveMedia(TwilioApi api, VideoRooms video, StatusCallbacks callbacks, IOptions<StandInOptions> options) : IRestResources, ITimedResources
{
    public const string PlayerStreamerSchema = "media.v1.player_streamer";
    public const string MediaProcessorSchema = "media.v1.media_processor";
    private const int MaxDurationLimit = 90_000;
    private static readonly string[] Extensions = ["video-composer-v1", "video-composer-v2", "video-composer-v1-preview"];

    private readonly Lock gate = new();
    private readonly List<PlayerStreamer> streamers = [];
    private readonly List<MediaProcessor> processors = [];

    private string AccountSid => options.Value.AccountSid;

    public IEnumerable<(string OperationId, RestHandler Handler)> Handlers =>
    [
        ("CreatePlayerStreamer", CreatePlayerStreamer),
        ("FetchPlayerStreamer", call => RestReply.Of(Locked(() => StreamerAt(call).Fields(AccountSid)))),
        ("ListPlayerStreamer", call => RestReply.ListOf(Locked(() => Listed(streamers, s => s.Status, s => s.Created, call).Select(s => s.Fields(AccountSid)).ToList()))),
        ("UpdatePlayerStreamer", call => RestReply.Of(Locked(() => EndStreamer(StreamerAt(call), "ended-via-api", call.Now).Fields(AccountSid)))),
        ("CreatePlayerStreamerPlaybackGrant", CreatePlaybackGrant),
        ("FetchPlayerStreamerPlaybackGrant", FetchPlaybackGrant),
        ("CreateMediaProcessor", CreateMediaProcessor),
        ("FetchMediaProcessor", call => RestReply.Of(Locked(() => ProcessorAt(call).Fields(AccountSid)))),
        ("ListMediaProcessor", call => RestReply.ListOf(Locked(() => Listed(processors, p => p.Status, p => p.Created, call).Select(p => p.Fields(AccountSid)).ToList()))),
        ("UpdateMediaProcessor", call => RestReply.Of(Locked(() => EndProcessor(ProcessorAt(call), "ended-via-api", null, call.Now).Fields(AccountSid)))),
    ];

    // --- Control API: what the media pipeline does on its own ---

    /// <summary>The stream stops from the source side (stream-disconnected-by-source) or fails (unexpected-failure).</summary>
    public IReadOnlyDictionary<string, object?> EndPlayerStreamer(string sid, string reason, DateTimeOffset now)
    {
        if (reason is not ("stream-disconnected-by-source" or "unexpected-failure" or "max-duration-exceeded" or "ended-via-api"))
        {
            throw TwilioErrorException.Of(400, 20001, "reason must be one of the PlayerStreamer ended reasons");
        }
        lock (gate)
        {
            var streamer = streamers.FirstOrDefault(s => s.Sid == sid) ?? throw TwilioErrorException.Of(404, 20404, $"No PlayerStreamer {sid}");
            return EndStreamer(streamer, reason, now).Fields(AccountSid);
        }
    }

    public IReadOnlyDictionary<string, object?> FailMediaProcessor(string sid, string reason, DateTimeOffset now)
    {
        lock (gate)
        {
            var processor = processors.FirstOrDefault(p => p.Sid == sid) ?? throw TwilioErrorException.Of(404, 20404, $"No MediaProcessor {sid}");
            return EndProcessor(processor, reason, reason, now).Fields(AccountSid);
        }
    }

    // --- Time ---

    public void Tick(DateTimeOffset now)
    {
        lock (gate)
        {
            foreach (var streamer in streamers.Where(s => s.Live).ToList())
            {
                if (now - streamer.Created >= TimeSpan.FromSeconds(streamer.MaxDuration))
                {
                    EndStreamer(streamer, "max-duration-exceeded", now);
                }
                else if (streamer.Status == "created" && now - streamer.Created >= options.Value.PlayerStreamerStartDelay)
                {
                    streamer.Status = "started";
                    streamer.Updated = now;
                    Notify(streamer, "player-streamer-started", now);
                }
            }
            foreach (var processor in processors.Where(p => p.Status == "started").ToList())
            {
                if (processor.Problem is { } problem)
                {
                    EndProcessor(processor, problem, problem, now);
                }
                else if (now - processor.Created >= TimeSpan.FromSeconds(processor.MaxDuration))
                {
                    EndProcessor(processor, "max-duration-exceeded", null, now);
                }
            }
        }
    }

    // --- REST ---

    private RestReply CreatePlayerStreamer(RestCall call)
    {
        var streamer = new PlayerStreamer
        {
            Sid = api.NewSid(PlayerStreamerSchema),
            Video = call.Boolean("Video") ?? true,
            StatusCallback = call.Text("StatusCallback"),
            StatusCallbackMethod = call.Text("StatusCallbackMethod") ?? "POST",
            MaxDuration = MaxDuration(call),
            Created = call.Now,
            Updated = call.Now,
        };
        lock (gate)
        {
            streamers.Add(streamer);
            Notify(streamer, "player-streamer-created", call.Now);
            return RestReply.Of(streamer.Fields(AccountSid));
        }
    }

    private RestReply CreatePlaybackGrant(RestCall call)
    {
        var ttl = call.Integer("Ttl") ?? 15;
        if (ttl is < 1 or > 60)
        {
            throw TwilioErrorException.Of(400, 20001, "Ttl must be between 1 and 60 seconds");
        }
        lock (gate)
        {
            var streamer = StreamerAt(call);
            if (!streamer.Live)
            {
                throw TwilioErrorException.Of(400, 20001, $"PlayerStreamer {streamer.Sid} is {streamer.Status}");
            }
            // Shaped like Twilio's grant; the URL is not playable (browser tests replace the player).
            string Hex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
            streamer.Grant = (new JsonObject
            {
                ["requestCredentials"] = null,
                ["playbackUrl"] = $"https://{Hex(6)}.us-east-1.playback.live-video.net/api/video/v1/us-east-1.{Hex(6)}.channel.{Hex(6)}.m3u8?token={Hex(16)}",
                ["playerStreamerSid"] = streamer.Sid,
            }, call.Now);
            return RestReply.Of(streamer.GrantFields(AccountSid)!);
        }
    }

    private RestReply FetchPlaybackGrant(RestCall call)
    {
        lock (gate)
        {
            var streamer = StreamerAt(call);
            return RestReply.Of(streamer.GrantFields(AccountSid) ?? throw TwilioErrorException.Of(404, 20404, $"PlayerStreamer {streamer.Sid} has no PlaybackGrant"));
        }
    }

    private RestReply CreateMediaProcessor(RestCall call)
    {
        var extension = call.Text("Extension")!;
        if (!Extensions.Contains(extension))
        {
            throw TwilioErrorException.Of(400, 20001, $"Unknown Media Extension {extension}; this stand-in knows {string.Join(", ", Extensions)}");
        }
        var context = call.Text("ExtensionContext")!;
        var (room, outputs) = ComposerContext(context);
        var processor = new MediaProcessor
        {
            Sid = api.NewSid(MediaProcessorSchema),
            Extension = extension,
            ExtensionContext = context,
            StatusCallback = call.Text("StatusCallback"),
            StatusCallbackMethod = call.Text("StatusCallbackMethod") ?? "POST",
            MaxDuration = MaxDuration(call),
            Created = call.Now,
            Updated = call.Now,
        };
        lock (gate)
        {
            // The composer joins the room and streams to its outputs; it fails (on the next tick) if it cannot.
            processor.Problem = !video.IsInProgress(room) ? $"Room {room} is not in progress"
                : outputs.FirstOrDefault(o => !streamers.Any(s => s.Sid == o && s.Live)) is { } dead ? $"Output {dead} is not a live PlayerStreamer"
                : null;
            processors.Add(processor);
            Notify(processor, "media-processor-started", call.Now);
            return RestReply.Of(processor.Fields(AccountSid));
        }
    }

    // --- State changes (under the lock) ---

    private PlayerStreamer EndStreamer(PlayerStreamer streamer, string reason, DateTimeOffset now)
    {
        if (!streamer.Live)
        {
            return streamer;
        }
        var failed = reason == "unexpected-failure";
        streamer.Status = failed ? "failed" : "ended";
        streamer.EndedReason = reason;
        streamer.Updated = now;
        Notify(streamer, failed ? "player-streamer-failed" : "player-streamer-ended", now);
        return streamer;
    }

    private MediaProcessor EndProcessor(MediaProcessor processor, string reason, string? failure, DateTimeOffset now)
    {
        if (processor.Status != "started")
        {
            return processor;
        }
        processor.Status = failure is null ? "ended" : "failed";
        processor.EndedReason = reason;
        processor.Updated = now;
        Notify(processor, failure is null ? "media-processor-ended" : "media-processor-failed", now, failure);
        return processor;
    }

    /// <summary>Twilio Live's status callback parameters (docs: Live, Status Callbacks).</summary>
    private void Notify(PlayerStreamer streamer, string callbackEvent, DateTimeOffset now)
    {
        if (streamer.StatusCallback is { } url)
        {
            callbacks.Send(streamer.Sid, url, streamer.StatusCallbackMethod,
            [
                new("AccountSid", AccountSid),
                new("PlayerStreamerSid", streamer.Sid),
                new("StatusCallbackEvent", callbackEvent),
                new("Timestamp", Timestamp(now)),
                .. streamer.EndedReason is { } reason ? [new KeyValuePair<string, string>("EndedReason", reason)] : Array.Empty<KeyValuePair<string, string>>(),
            ]);
        }
    }

    private void Notify(MediaProcessor processor, string callbackEvent, DateTimeOffset now, string? error = null)
    {
        if (processor.StatusCallback is { } url)
        {
            callbacks.Send(processor.Sid, url, processor.StatusCallbackMethod,
            [
                new("AccountSid", AccountSid),
                new("MediaProcessorSid", processor.Sid),
                new("Extension", processor.Extension),
                new("ExtensionContext", processor.ExtensionContext),
                new("StatusCallbackEvent", callbackEvent),
                new("Timestamp", Timestamp(now)),
                .. processor.EndedReason is { } reason ? [new KeyValuePair<string, string>("EndedReason", reason)] : Array.Empty<KeyValuePair<string, string>>(),
                .. error is not null ? [new KeyValuePair<string, string>("ErrorMessage", error)] : Array.Empty<KeyValuePair<string, string>>(),
            ]);
        }
    }

    // --- Helpers ---

    /// <summary>video-composer's context: {"room": {"name": ...}, "outputs": ["VJ..."], "identity"?, "resolution"?}.</summary>
    private static (string Room, IReadOnlyList<string> Outputs) ComposerContext(string context)
    {
        try
        {
            var json = JsonNode.Parse(context);
            var room = json?["room"]?["name"]?.GetValue<string>();
            var outputs = json?["outputs"]?.AsArray().Select(o => o!.GetValue<string>()).ToList();
            if (room is { Length: > 0 } && outputs is { Count: > 0 })
            {
                return (room, outputs);
            }
        }
        catch (Exception invalid) when (invalid is JsonException or InvalidOperationException or NullReferenceException)
        {
            // Reported below with the shape the composer needs.
        }
        throw TwilioErrorException.Of(400, 20001, "ExtensionContext must be a JSON object with room.name and a non-empty outputs array of PlayerStreamer SIDs");
    }

    private static int MaxDuration(RestCall call) =>
        call.Integer("MaxDuration") is { } seconds
            ? seconds is >= 1 and <= MaxDurationLimit ? seconds : throw TwilioErrorException.Of(400, 20001, $"MaxDuration must be between 1 and {MaxDurationLimit} seconds")
            : 300;

    private static IEnumerable<T> Listed<T>(List<T> all, Func<T, string> status, Func<T, DateTimeOffset> created, RestCall call)
    {
        var wanted = call.Text("Status");
        var filtered = all.Where(item => wanted is null || status(item) == wanted);
        // Twilio Live lists newest first unless Order=asc.
        return call.Text("Order") == "asc" ? filtered.OrderBy(created) : filtered.OrderByDescending(created);
    }

    private PlayerStreamer StreamerAt(RestCall call) =>
        streamers.FirstOrDefault(s => s.Sid == call.Path("Sid")) ?? throw new TwilioErrorException(TwilioError.NotFound($"/v1/PlayerStreamers/{call.Path("Sid")}"));

    private MediaProcessor ProcessorAt(RestCall call) =>
        processors.FirstOrDefault(p => p.Sid == call.Path("Sid")) ?? throw new TwilioErrorException(TwilioError.NotFound($"/v1/MediaProcessors/{call.Path("Sid")}"));

    private T Locked<T>(Func<T> read)
    {
        lock (gate)
        {
            return read();
        }
    }

    private static string Timestamp(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

internal sealed class PlayerStreamer
{
    public required string Sid { get; init; }
    public required bool Video { get; init; }
    public required string? StatusCallback { get; init; }
    public required string StatusCallbackMethod { get; init; }
    public required int MaxDuration { get; init; }
    public required DateTimeOffset Created { get; init; }

    public string Status { get; set; } = "created";
    public string? EndedReason { get; set; }
    public DateTimeOffset Updated { get; set; }

    /// <summary>The latest PlaybackGrant (what GET .../PlaybackGrant returns).</summary>
    public (JsonObject Grant, DateTimeOffset Created)? Grant { get; set; }

    public bool Live => Status is "created" or "started";

    public Dictionary<string, object?> Fields(string accountSid) => new()
    {
        ["account_sid"] = accountSid,
        ["date_created"] = Created,
        ["date_updated"] = Updated,
        ["video"] = Video,
        ["sid"] = Sid,
        ["status"] = Status,
        ["status_callback"] = StatusCallback,
        ["status_callback_method"] = StatusCallbackMethod,
        ["ended_reason"] = EndedReason,
        ["max_duration"] = MaxDuration,
    };

    public Dictionary<string, object?>? GrantFields(string accountSid) => Grant is var (grant, created)
        ? new() { ["sid"] = Sid, ["account_sid"] = accountSid, ["date_created"] = created, ["grant"] = grant }
        : null;
}

internal sealed class MediaProcessor
{
    public required string Sid { get; init; }
    public required string Extension { get; init; }
    public required string ExtensionContext { get; init; }
    public required string? StatusCallback { get; init; }
    public required string StatusCallbackMethod { get; init; }
    public required int MaxDuration { get; init; }
    public required DateTimeOffset Created { get; init; }

    public string Status { get; set; } = "started";
    public string? EndedReason { get; set; }
    public DateTimeOffset Updated { get; set; }

    /// <summary>Why the composer cannot run (it fails on the next tick), or null.</summary>
    public string? Problem { get; set; }

    public Dictionary<string, object?> Fields(string accountSid) => new()
    {
        ["account_sid"] = accountSid,
        ["sid"] = Sid,
        ["date_created"] = Created,
        ["date_updated"] = Updated,
        ["extension"] = Extension,
        ["extension_context"] = ExtensionContext,
        ["status"] = Status,
        ["ended_reason"] = EndedReason,
        ["status_callback"] = StatusCallback,
        ["status_callback_method"] = StatusCallbackMethod,
        ["max_duration"] = MaxDuration,
    };
}
