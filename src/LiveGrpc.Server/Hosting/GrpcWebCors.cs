namespace LiveGrpc.Server.Hosting;

/// <summary>
/// Cross-origin gRPC-Web and SignalR for browser apps served from other origins. The bundled
/// web client is same-origin and needs none of this; origins are opt-in (Cors:AllowedOrigins).
/// </summary>
internal static class GrpcWebCors
{
    public const string SectionName = "Cors:AllowedOrigins";

    /// <summary>Response headers a browser script may read: the gRPC-Web status travels in them.</summary>
    private static readonly string[] ExposedHeaders =
        ["grpc-status", "grpc-message", "grpc-status-details-bin", "grpc-encoding", "grpc-accept-encoding"];

    public static void Add(IHostApplicationBuilder builder)
    {
        var origins = builder.Configuration.GetSection(SectionName).Get<string[]>() ?? [];
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            policy.WithOrigins(origins).AllowAnyHeader().WithMethods("POST", "GET").WithExposedHeaders(ExposedHeaders).AllowCredentials();
        }));
        // First in the pipeline, so preflights are answered before routing picks an endpoint.
        builder.Services.AddTransient<IStartupFilter, CorsStartupFilter>();
    }

    private sealed class CorsStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseCors();
            next(app);
        };
    }
}
