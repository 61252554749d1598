using System.Text.Json;
using System.Text.Json.Serialization;
using LiveGrpc.Server.Hub;
using Microsoft.AspNetCore.SignalR;

namespace LiveGrpc.Server.Extensions;

public static class StreamHubExtensions
{
    /// <summary>
    /// The SignalR hub for live status, viewer counts and Local signalling, and the relay that
    /// pushes stream events to it. Needs the stream services (AddStreams) registered too.
    /// </summary>
    public static IHostApplicationBuilder AddStreamHub(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StreamHubOptions>().BindConfiguration(StreamHubOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var settings = builder.Configuration.GetSection(StreamHubOptions.SectionName).Get<StreamHubOptions>() ?? new StreamHubOptions();

        // HubErrorFilter logs what went wrong; the dispatcher would log refusals as errors too.
        builder.Logging.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.Critical);
        builder.Services.AddSingleton<HubRegistry>();
        builder.Services.AddSingleton<IMeshRouter, LocalMeshRouter>();
        builder.Services.AddSingleton<HubCredentials>();
        builder.Services.AddSingleton<MembershipReleaser>();
        builder.Services.AddHostedService<StreamEventRelay>();
        builder.Services.AddSignalR()
            .AddHubOptions<StreamHub>(hub =>
            {
                hub.KeepAliveInterval = settings.KeepAliveInterval;
                hub.ClientTimeoutInterval = settings.ClientTimeoutInterval;
                hub.MaximumReceiveMessageSize = settings.MaximumReceiveMessageSize;
                hub.EnableDetailedErrors = false;
                hub.AddFilter<HubErrorFilter>();
            })
            // Enum names as in the contract without their prefix ("LIVE", "HOST_DISCONNECTED"), so
            // web clients read the same words as gRPC clients.
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper)));
        return builder;
    }

    /// <summary>Maps the hub at <see cref="StreamHub.Path"/> (served on the web port; browsers reach it same-origin).</summary>
    public static IEndpointRouteBuilder MapStreamHub(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<StreamHub>(StreamHub.Path);
        return endpoints;
    }
}
