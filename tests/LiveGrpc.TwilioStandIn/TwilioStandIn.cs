using System.Text.Json;
using LiveGrpc.TwilioStandIn.Callbacks;
using LiveGrpc.TwilioStandIn.Control;
using LiveGrpc.TwilioStandIn.Live;
using LiveGrpc.TwilioStandIn.Rest;
using LiveGrpc.TwilioStandIn.Spec;
using LiveGrpc.TwilioStandIn.Video;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace LiveGrpc.TwilioStandIn;

/// <summary>A participant as the control API sees it.</summary>
public sealed record StandInParticipant(string Sid, string RoomSid, string Identity, string Status);

/// <summary>A published track as the control API sees it.</summary>
public sealed record StandInTrack(string Sid, string ParticipantSid, string Kind, string Name);

/// <summary>
/// A running Twilio stand-in on 127.0.0.1 (a free port). Point Twilio clients at
/// <see cref="BaseAddress"/> (https://video.twilio.com and https://media.twilio.com map onto it:
/// their paths do not overlap), authenticate with the account in <see cref="Identity"/>, and
/// drive what Twilio would do on its own through the methods here (or the same operations over
/// HTTP under /_standin, for tests in other processes).
/// </summary>
public sealed class TwilioStandIn : IAsyncDisposable
{
    private readonly WebApplication app;

    private TwilioStandIn(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public StandInOptions Options => Service<IOptions<StandInOptions>>().Value;

    /// <summary>Base address and credentials, as the process prints them when ready.</summary>
    public StandInIdentity Identity => StandInIdentity.Of(BaseAddress.ToString().TrimEnd('/'), Options, Now);

    public DateTimeOffset Now => Service<StandInClock>().Now;

    /// <summary>Every REST request received so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => Service<RequestLog>().Snapshot();

    /// <summary>Every status callback sent so far, in delivery order.</summary>
    public IReadOnlyList<SentCallback> Callbacks => Service<StatusCallbacks>().Snapshot();

    /// <summary>Starts a stand-in in this process; <paramref name="options"/> defaults to a fresh random account.</summary>
    public static Task<TwilioStandIn> StartAsync(StandInOptions? options = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The options become configuration, so both forms (in-process and process) bind and validate them the same way.
        var section = new Dictionary<string, StandInOptions> { [StandInOptions.SectionName] = options ?? new StandInOptions() };
        builder.Configuration.AddJsonStream(new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(section)));
        return StartAsync(builder, cancellationToken);
    }

    internal static async Task<TwilioStandIn> StartAsync(WebApplicationBuilder builder, CancellationToken cancellationToken)
    {
        var app = Build(builder);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TwilioStandIn(app, new Uri(address));
    }

    // --- Signalling: what twilio-video.js clients do ---

    /// <summary>
    /// A client joins with the Access Token it was issued (validated as Twilio would) into
    /// <paramref name="room"/> (unique name or SID; default: the token's room). Throws
    /// <see cref="TwilioErrorException"/> with Twilio's code when Twilio would refuse.
    /// </summary>
    public async Task<StandInParticipant> ConnectParticipantAsync(string accessToken, string? room = null)
    {
        var access = await Service<AccessTokens>().ValidateAsync(accessToken);
        return ToParticipant(Service<VideoRooms>().Connect(access, room, Now));
    }

    public StandInTrack PublishTrack(string participantSid, string kind, string? name = null) =>
        ToTrack(Service<VideoRooms>().Publish(participantSid, kind, name, Now));

    public StandInTrack UnpublishTrack(string participantSid, string trackSid) =>
        ToTrack(Service<VideoRooms>().Unpublish(participantSid, trackSid, Now));

    public StandInParticipant DisconnectParticipant(string participantSid) =>
        ToParticipant(Service<VideoRooms>().Disconnect(participantSid, Now));

    // --- The media pipeline ---

    public void FailMediaProcessor(string mediaProcessorSid, string reason = "unexpected-failure") =>
        Service<LiveMedia>().FailMediaProcessor(mediaProcessorSid, reason, Now);

    public void EndPlayerStreamer(string playerStreamerSid, string reason = "stream-disconnected-by-source") =>
        Service<LiveMedia>().EndPlayerStreamer(playerStreamerSid, reason, Now);

    // --- Steering ---

    /// <summary>Moves the stand-in's clock forward and applies every timeout that falls due.</summary>
    public void AdvanceClock(TimeSpan by)
    {
        Service<StandInClock>().Advance(by);
        Service<ResourceTimers>().TickNow();
    }

    /// <returns>The fault's id (for <see cref="RemoveFault"/>).</returns>
    public int AddFault(FaultRule rule) => Service<RestFaults>().Add(rule);

    public bool RemoveFault(int id) => Service<RestFaults>().Remove(id);

    public void ClearFaults() => Service<RestFaults>().Clear();

    public void AddCallbackFault(CallbackFault fault) => Service<StatusCallbacks>().AddFault(fault);

    public void ClearCallbackFaults() => Service<StatusCallbacks>().ClearFaults();

    public void ClearRequests() => Service<RequestLog>().Clear();

    /// <summary>Completes when every status callback queued so far has been delivered (or failed).</summary>
    public Task FlushCallbacksAsync(CancellationToken cancellationToken = default) => Service<StatusCallbacks>().FlushAsync(cancellationToken);

    public Task WaitForShutdownAsync() => app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static WebApplication Build(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StandInOptions>().BindConfiguration(StandInOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => TwilioApi.Load());
        services.AddSingleton<StandInClock>();
        services.AddSingleton<RequestLog>();
        services.AddSingleton<RestFaults>();
        services.AddSingleton<StatusCallbacks>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<VideoRooms>();
        services.AddSingleton<LiveMedia>();
        services.AddSingleton<IRestResources>(provider => provider.GetRequiredService<VideoRooms>());
        services.AddSingleton<IRestResources>(provider => provider.GetRequiredService<LiveMedia>());
        services.AddSingleton<ITimedResources>(provider => provider.GetRequiredService<VideoRooms>());
        services.AddSingleton<ITimedResources>(provider => provider.GetRequiredService<LiveMedia>());
        services.AddSingleton<ResourceTimers>();
        services.AddHostedService(provider => provider.GetRequiredService<ResourceTimers>());

        var app = builder.Build();
        app.Use(ControlEndpoints.RejectMalformedAsync);
        app.Use(RestEndpoints.RecordAsync);
        app.Use(RestEndpoints.AuthenticateAsync);
        app.MapStandInControl();
        app.MapTwilioRest();
        return app;
    }

    private T Service<T>() where T : notnull => app.Services.GetRequiredService<T>();

    private StandInParticipant ToParticipant(Participant participant)
    {
        var fields = Service<VideoRooms>().Fields(participant);
        return new StandInParticipant(participant.Sid, participant.Room.Sid, participant.Identity, (string)fields["status"]!);
    }

    private static StandInTrack ToTrack(Track track) => new(track.Sid, track.Participant.Sid, track.Kind, track.Name);
}
