using System.IO.Compression;
using Grpc.AspNetCore.Server;
using LiveGrpc.Server.Grpc;
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
        // Singletons, so Grpc.AspNetCore resolves each interceptor once instead of creating it per call.
        builder.Services.AddSingleton<LoggingInterceptor>();
        builder.Services.AddSingleton<MetricsInterceptor>();
        builder.Services.AddSingleton<ExceptionMappingInterceptor>();
        builder.Services.AddSingleton<AuthInterceptor>();
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = MaxReceiveMessageSize;
            options.MaxSendMessageSize = null;
            // Internals never reach callers; ExceptionMappingInterceptor logs what went wrong.
            options.EnableDetailedErrors = false;
            // Run in this order, outermost first: logging and metrics see the status the caller
            // finally gets, after exception mapping has turned domain errors (including the auth
            // interceptor's) into precise statuses.
            options.Interceptors.Add<LoggingInterceptor>();
            options.Interceptors.Add<MetricsInterceptor>();
            options.Interceptors.Add<ExceptionMappingInterceptor>();
            options.Interceptors.Add<AuthInterceptor>();
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
