using LiveGrpc.Server.Grpc;
using LiveGrpc.Server.Streams;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiveGrpc.Server.Extensions;

public static class StreamsExtensions
{
    /// <summary>
    /// Everything behind StreamService and TokenService on the embedded defaults: SQLite, Local
    /// media, tokens, presence, the lifecycle with its restart recovery and deadline checks, and
    /// the gRPC service classes (their interceptors come with AddLiveGrpcHosting).
    /// </summary>
    public static IHostApplicationBuilder AddStreams(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddPersistence();
        builder.AddMedia();
        builder.AddTokens();
        builder.AddPresence();

        builder.Services.AddOptions<StreamsOptions>().BindConfiguration(StreamsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StreamLocks>();
        builder.Services.AddSingleton<StreamLifecycle>();
        builder.Services.AddSingleton<StreamCatalog>();
        builder.Services.AddHostedService<StreamRecoveryService>();
        builder.Services.AddHostedService<StreamDeadlineService>();

        builder.Services.AddSingleton<StreamGrpcService>();
        builder.Services.AddSingleton<TokenGrpcService>();
        return builder;
    }

    /// <summary>livegrpc.v1.StreamService and TokenService, for gRPC clients and, over gRPC-Web, browsers.</summary>
    public static IEndpointRouteBuilder MapStreams(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<StreamGrpcService>().EnableGrpcWeb();
        endpoints.MapGrpcService<TokenGrpcService>().EnableGrpcWeb();
        return endpoints;
    }
}
