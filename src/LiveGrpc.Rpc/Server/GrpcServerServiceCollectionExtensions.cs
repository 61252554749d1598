using Microsoft.Extensions.DependencyInjection;

namespace LiveGrpc.Rpc.Server;

public static class GrpcServerServiceCollectionExtensions
{
    /// <summary>Registers the gRPC server; map services with MapGrpcService.</summary>
    public static IServiceCollection AddGrpcServer(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        var options = services.AddOptions<GrpcServerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.AddSingleton<GrpcServiceRegistry>();
        return services;
    }
}
