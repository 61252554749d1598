using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using LiveGrpc.Rpc.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveGrpc.Rpc.Server;

public static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every RPC of <paramref name="descriptor"/> at "/package.Service/Method" to the
    /// same-named method of <typeparamref name="TService"/>. Fails if any RPC is unimplemented.
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcService<TService>(this IEndpointRouteBuilder endpoints, ServiceDescriptor descriptor)
        where TService : class
    {
        var services = endpoints.ServiceProvider;
        var registry = services.GetRequiredService<GrpcServiceRegistry>();
        var options = services.GetRequiredService<IOptions<GrpcServerOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger($"LiveGrpc.Rpc.{descriptor.FullName}");
        var interceptors = options.Interceptors
            .Select(type => (Interceptor)ActivatorUtilities.GetServiceOrCreateInstance(services, type))
            .ToArray();

        var binder = new ServiceMethodBinder<TService>(services, options, interceptors, logger);
        var bound = binder.Bind(descriptor);
        registry.Add(descriptor);

        var builders = new List<IEndpointConventionBuilder>();
        foreach (var (path, handler) in bound)
        {
            builders.Add(endpoints.Map(path, handler).WithDisplayName($"gRPC {path}"));
        }
        // Unknown methods of a known service get UNIMPLEMENTED rather than 404.
        builders.Add(endpoints.Map($"/{descriptor.FullName}/{{method}}", Unimplemented("Method is unimplemented.", options, logger)).WithOrder(1));
        if (registry.TryClaimUnknownServiceFallback())
        {
            endpoints.Map("/{service}/{method}", Unimplemented("Service is unimplemented.", options, logger))
                .WithOrder(2)
                .WithDisplayName("gRPC unknown service");
        }
        return new CompositeConventionBuilder(builders);
    }

    private static RequestDelegate Unimplemented(string message, GrpcServerOptions options, ILogger logger)
    {
        var handler = ServerCallHandlers.Unimplemented(message, options, logger);
        return http =>
        {
            var contentType = http.Request.ContentType;
            if (!GrpcProtocol.IsGrpcContentType(contentType) && !GrpcProtocol.IsGrpcWebContentType(contentType))
            {
                // Not a gRPC call: an ordinary web request to a path nothing serves.
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return handler(http);
        };
    }
}
