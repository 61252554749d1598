using LiveGrpc.Rpc.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace LiveGrpc.Rpc.Reflection;

public static class ReflectionServiceExtensions
{
    /// <summary>
    /// Maps server reflection, both grpc.reflection.v1 and grpc.reflection.v1alpha, describing
    /// every service mapped on this server (these two included), so grpcurl, Postman and evans
    /// can list, describe and call them.
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcReflectionService(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGrpcService<ServerReflectionService>(ServerReflectionService.Descriptor);
        var v1Alpha = endpoints.MapGrpcService<ServerReflectionV1AlphaService>(ServerReflectionV1AlphaService.Descriptor);
        return new CompositeConventionBuilder([v1, v1Alpha]);
    }
}
