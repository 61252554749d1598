using Google.Protobuf;

namespace LiveGrpc.Rpc.Client;

/// <summary>
/// Starts calls; what generated client stubs talk to. Same method set and argument order as
/// Grpc.Core's CallInvoker (the <c>host</c> argument is accepted for that reason and ignored:
/// the channel's address decides where calls go).
/// </summary>
public abstract class CallInvoker
{
    public abstract TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>;

    public abstract AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>;

    public abstract AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>;

    public abstract AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>;

    public abstract AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>;
}
