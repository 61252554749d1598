using LiveGrpc.Server.Presence;

namespace LiveGrpc.Server.Extensions;

public static class PresenceExtensions
{
    /// <summary>
    /// Viewer and publisher presence and the in-process event bus — the interfaces every live
    /// channel (WatchStream, the SignalR hub) joins through — and the coalescing flush.
    /// </summary>
    public static IHostApplicationBuilder AddPresence(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PresenceOptions>().BindConfiguration(PresenceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IStreamEventBus, InProcessStreamEventBus>();
        builder.Services.AddSingleton<ViewerPresence>();
        builder.Services.AddSingleton<IViewerPresence>(services => services.GetRequiredService<ViewerPresence>());
        builder.Services.AddSingleton<IAudienceFigures>(services => services.GetRequiredService<ViewerPresence>());
        builder.Services.AddSingleton<ViewerTokenSessions>();
        builder.Services.AddSingleton<IViewerTokenSessions>(services => services.GetRequiredService<ViewerTokenSessions>());
        builder.Services.AddSingleton<ViewerJoin>();
        builder.Services.AddSingleton<PublisherSessionRegistry>();
        builder.Services.AddSingleton<IPublisherSessions>(services => services.GetRequiredService<PublisherSessionRegistry>());
        builder.Services.AddSingleton<IPublisherPresence, PublisherPresence>();
        builder.Services.AddHostedService<ViewerCountFlushService>();
        return builder;
    }
}
