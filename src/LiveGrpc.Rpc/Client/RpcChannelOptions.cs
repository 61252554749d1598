using LiveGrpc.Rpc.Wire;

namespace LiveGrpc.Rpc.Client;

/// <summary>Settings for an <see cref="RpcChannel"/>. Names follow Grpc.Net.Client's GrpcChannelOptions.</summary>
public sealed class RpcChannelOptions
{
    /// <summary>
    /// The handler that sends the HTTP requests, e.g. a SocketsHttpHandler that accepts a
    /// development certificate. Null: the channel makes (and disposes) its own SocketsHttpHandler.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Whether disposing the channel disposes <see cref="HttpHandler"/>. A handler the channel made itself is always disposed.</summary>
    public bool DisposeHttpHandler { get; set; }

    /// <summary>The largest response message accepted; larger ones end the call with RESOURCE_EXHAUSTED. Null: unlimited.</summary>
    public int? MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxReceiveMessageSize;

    /// <summary>The largest request message sent; larger ones end the call with RESOURCE_EXHAUSTED. Null (default): unlimited.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>
    /// Speak gRPC-Web (application/grpc-web, binary) over HTTP/1.1 instead of gRPC over HTTP/2:
    /// for servers or proxies that only offer the web port. Suits unary and server-streaming
    /// calls; HTTP/1.1 cannot interleave a streamed request with the response.
    /// </summary>
    public bool GrpcWeb { get; set; }

    /// <summary>Send request messages gzip-compressed (grpc-encoding: gzip).</summary>
    public bool CompressRequests { get; set; }
}
