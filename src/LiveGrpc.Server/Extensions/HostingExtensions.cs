using System.IO.Compression;
using Grpc.AspNetCore.Server;
using LiveGrpc.Server.Hosting;
using LiveGrpc.Server.Observability;
using Microsoft.Extensions.Options;

namespace LiveGrpc.Server.Extensions;

public static class HostingExtensions
{
    /// <summary>Largest request message accepted (gRPC's customary 4 MiB); larger ones fail with RESOURCE_EXHAUSTED.</summary>
    public const int MaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>
    /// Kestrel endpoints (standard Kestrel:Endpoints configuration, or the two-port cleartext
    /// defaults), the gRPC server (Grpc.AspNetCore) with health, reflection and gRPC-Web, CORS,
    /// metrics and the start-up banner.
    /// </summary>
    public static IHostApplicationBuilder AddLiveGrpcHosting(this IHostApplicationBuilder builder)
    {
        if (!builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any()
            && string.IsNullOrEmpty(builder.Configuration["urls"])
            && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(ListenDefaults.Apply);
        }
        builder.Services.AddSingleton<LoggingInterceptor>();
        builder.Services.AddSingleton<MetricsInterceptor>();
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = MaxReceiveMessageSize;
            options.MaxSendMessageSize = null;
            // Internals never reach callers; ExceptionMappingInterceptor logs what went wrong.
            options.EnableDetailedErrors = false;
            // Interceptors run in registration order, outermost first: logging and metrics see the
            // status the caller finally gets (AddStreams appends exception mapping and auth inside).
            options.Interceptors.Add<LoggingInterceptor>();
            options.Interceptors.Add<MetricsInterceptor>();
        });
        builder.Services.AddOptions<GrpcTransportOptions>().BindConfiguration(GrpcTransportOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<GrpcServiceOptions>().Configure<IOptions<GrpcTransportOptions>>((grpc, transport) =>
        {
            if (transport.Value.CompressResponses)
            {
                grpc.ResponseCompressionAlgorithm = "gzip";
                grpc.ResponseCompressionLevel = CompressionLevel.Fastest;
            }
        });
        builder.Services.AddGrpcReflection();
        builder.AddLiveGrpcHealth();
        builder.AddLiveGrpcMetrics();
        GrpcWebCors.Add(builder);
        builder.Services.AddHostedService<ListeningBanner>();
        return builder;
    }

    /// <summary>
    /// gRPC-Web for browsers (each service opts in with EnableGrpcWeb), health and reflection (so
    /// grpcurl, Postman and evans can list and call the API), and /metrics.
    /// </summary>
    public static WebApplication UseLiveGrpcHosting(this WebApplication app)
    {
        app.UseGrpcWeb();
        app.MapLiveGrpcHealth();
        app.MapGrpcReflectionService();
        app.MapLiveGrpcMetrics();
        return app;
    }
}
