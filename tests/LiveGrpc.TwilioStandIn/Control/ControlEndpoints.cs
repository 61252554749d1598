using LiveGrpc.TwilioStandIn.Callbacks;
using LiveGrpc.TwilioStandIn.Live;
using LiveGrpc.TwilioStandIn.Rest;
using LiveGrpc.TwilioStandIn.Spec;
using LiveGrpc.TwilioStandIn.Video;
using Microsoft.Extensions.Options;

namespace LiveGrpc.TwilioStandIn.Control;

/// <summary>
/// The stand-in's own API under /_standin (a prefix no Twilio path has; not behind Twilio's
/// credentials): what real clients do through signalling (join, publish, leave), what the
/// media pipeline does on its own (fail, stop), and what tests need to see and steer
/// (requests and callbacks received, faults, the clock). JSON in, JSON out; resources are
/// rendered exactly as the REST API renders them, errors are Twilio-shaped.
/// </summary>
internal static class ControlEndpoints
{
    public sealed record ConnectRequest(string Token, string? Room);

    public sealed record PublishRequest(string Kind, string? Name);

    public sealed record ReasonRequest(string? Reason);

    public sealed record AdvanceRequest(double Seconds);

    public static void MapStandInControl(this WebApplication app)
    {
        var control = app.MapGroup(RestEndpoints.ControlPrefix);
        control.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (TwilioErrorException rejected)
            {
                return Results.Json(rejected.Error, statusCode: rejected.Error.Status);
            }
        });

        control.MapGet("/", (HttpContext http, IOptions<StandInOptions> options, StandInClock clock) =>
            Results.Json(StandInIdentity.Of($"{http.Request.Scheme}://{http.Request.Host}", options.Value, clock.Now)));

        control.MapPost("/participants", async (ConnectRequest body, AccessTokens tokens, VideoRooms video, TwilioApi api, StandInClock clock) =>
        {
            var participant = video.Connect(await tokens.ValidateAsync(body.Token), body.Room, clock.Now);
            return Results.Json(api.Render(VideoRooms.ParticipantSchema, video.Fields(participant)), statusCode: StatusCodes.Status201Created);
        });
        control.MapDelete("/participants/{sid}", (string sid, VideoRooms video, TwilioApi api, StandInClock clock) =>
            Results.Json(api.Render(VideoRooms.ParticipantSchema, video.Fields(video.Disconnect(sid, clock.Now)))));
        control.MapPost("/participants/{sid}/tracks", (string sid, PublishRequest body, VideoRooms video, TwilioApi api, StandInClock clock) =>
            Results.Json(api.Render(VideoRooms.TrackSchema, video.Fields(video.Publish(sid, body.Kind, body.Name, clock.Now))), statusCode: StatusCodes.Status201Created));
        control.MapDelete("/participants/{sid}/tracks/{trackSid}", (string sid, string trackSid, VideoRooms video, TwilioApi api, StandInClock clock) =>
            Results.Json(api.Render(VideoRooms.TrackSchema, video.Fields(video.Unpublish(sid, trackSid, clock.Now)))));

        control.MapPost("/player-streamers/{sid}/end", (string sid, ReasonRequest body, LiveMedia live, TwilioApi api, StandInClock clock) =>
            Results.Json(api.Render(LiveMedia.PlayerStreamerSchema, live.EndPlayerStreamer(sid, body.Reason ?? "stream-disconnected-by-source", clock.Now))));
        control.MapPost("/media-processors/{sid}/fail", (string sid, ReasonRequest body, LiveMedia live, TwilioApi api, StandInClock clock) =>
            Results.Json(api.Render(LiveMedia.MediaProcessorSchema, live.FailMediaProcessor(sid, body.Reason ?? "unexpected-failure", clock.Now))));

        control.MapGet("/requests", (string? operationId, RequestLog log) =>
            Results.Json(log.Snapshot().Where(r => operationId is null || r.OperationId == operationId)));
        control.MapDelete("/requests", (RequestLog log) =>
        {
            log.Clear();
            return Results.NoContent();
        });

        control.MapGet("/callbacks", (string? @event, StatusCallbacks callbacks) =>
            Results.Json(callbacks.Snapshot().Where(c => @event is null || c.Event == @event)));
        control.MapDelete("/callbacks", (StatusCallbacks callbacks) =>
        {
            callbacks.ClearLog();
            return Results.NoContent();
        });
        control.MapPost("/callbacks/flush", async (StatusCallbacks callbacks, CancellationToken cancellationToken) =>
        {
            await callbacks.FlushAsync(cancellationToken);
            return Results.Json(callbacks.Snapshot());
        });

        control.MapPost("/faults", (FaultRule rule, RestFaults faults) =>
            Results.Json(new { id = faults.Add(rule), rule }, statusCode: StatusCodes.Status201Created));
        control.MapGet("/faults", (RestFaults faults) =>
            Results.Json(faults.Snapshot().Select(f => new { id = f.Id, rule = f.Rule, left = f.Left })));
        control.MapDelete("/faults", (RestFaults faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        control.MapDelete("/faults/{id:int}", (int id, RestFaults faults) => faults.Remove(id) ? Results.NoContent() : Results.NotFound());

        control.MapPost("/callback-faults", (CallbackFault fault, StatusCallbacks callbacks) =>
        {
            callbacks.AddFault(fault);
            return Results.Json(fault, statusCode: StatusCodes.Status201Created);
        });
        control.MapDelete("/callback-faults", (StatusCallbacks callbacks) =>
        {
            callbacks.ClearFaults();
            return Results.NoContent();
        });

        control.MapPost("/clock/advance", (AdvanceRequest body, StandInClock clock, ResourceTimers timers) =>
        {
            if (body.Seconds < 0)
            {
                throw TwilioErrorException.Of(400, 20001, "seconds must be >= 0: the clock only moves forward");
            }
            clock.Advance(TimeSpan.FromSeconds(body.Seconds));
            timers.TickNow();
            return Results.Json(new { now = clock.Now });
        });
    }

    /// <summary>Malformed control-API JSON is answered like any other bad input: a Twilio-shaped 400 that says what was wrong.</summary>
    public static async Task RejectMalformedAsync(HttpContext http, Func<Task> next)
    {
        try
        {
            await next();
        }
        catch (BadHttpRequestException malformed) when (http.Request.Path.StartsWithSegments(RestEndpoints.ControlPrefix) && !http.Response.HasStarted)
        {
            await RestEndpoints.WriteErrorAsync(http, TwilioError.InvalidParameter(malformed.Message));
        }
    }
}

/// <summary>Where the stand-in listens and which (fake) account it serves: the ready line and GET /_standin.</summary>
public sealed record StandInIdentity(string BaseAddress, string AccountSid, string AuthToken, string ApiKeySid, string ApiKeySecret, DateTimeOffset Now)
{
    internal static StandInIdentity Of(string baseAddress, StandInOptions options, DateTimeOffset now) =>
        new(baseAddress, options.AccountSid, options.AuthToken, options.ApiKeySid, options.ApiKeySecret, now);
}
