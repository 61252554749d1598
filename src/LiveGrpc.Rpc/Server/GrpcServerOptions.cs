using LiveGrpc.Rpc.Wire;

namespace LiveGrpc.Rpc.Server;

/// <summary>Server-wide settings for every mapped gRPC service.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>Largest request message accepted, after decompression; larger ones fail with RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxReceiveMessageSize;

    /// <summary>Largest response message sent; null for no limit (gRPC's default).</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>
    /// Puts an unexpected exception's message into grpc-message. Off by default: internals must
    /// not leak to callers; the exception is always logged.
    /// </summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>Interceptors applied to every call, outermost first.</summary>
    public InterceptorCollection Interceptors { get; } = [];
}

/// <summary>Interceptor types, resolved from DI (or created once) when services are mapped.</summary>
public sealed class InterceptorCollection : List<Type>
{
    public void Add<TInterceptor>() where TInterceptor : Interceptor => Add(typeof(TInterceptor));
}
