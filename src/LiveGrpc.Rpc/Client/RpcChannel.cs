using System.Net;

namespace LiveGrpc.Rpc.Client;

/// <summary>
/// A connection pool to one gRPC server address. Create one per server and share it: calls are
/// multiplexed as HTTP/2 streams. Mirrors Grpc.Net.Client's GrpcChannel.
/// </summary>
public sealed class RpcChannel : IDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private volatile bool _disposed;

    private RpcChannel(Uri address, RpcChannelOptions options)
    {
        Address = address;
        Options = options;
        var ownsHandler = options.HttpHandler is null;
        var handler = options.HttpHandler ?? CreateDefaultHandler();
        // HttpMessageInvoker rather than HttpClient: HttpClient's 100 s Timeout would cut long streams.
        _invoker = new HttpMessageInvoker(handler, disposeHandler: ownsHandler || options.DisposeHttpHandler);
    }

    /// <summary>"http://host:port" for h2c (HTTP/2 with prior knowledge), "https://host:port" for TLS with ALPN h2.</summary>
    public static RpcChannel ForAddress(string address, RpcChannelOptions? options = null) =>
        ForAddress(new Uri(address ?? throw new ArgumentNullException(nameof(address))), options);

    public static RpcChannel ForAddress(Uri address, RpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The address must be an absolute http:// or https:// URI, not \"{address}\".", nameof(address));
        }
        return new RpcChannel(address, options ?? new RpcChannelOptions());
    }

    public Uri Address { get; }

    /// <summary>host:port, as Grpc.Net.Client reports it.</summary>
    public string Target => Address.Authority;

    internal RpcChannelOptions Options { get; }

    internal HttpMessageInvoker Invoker => _invoker;

    internal bool IsDisposed => _disposed;

    public CallInvoker CreateCallInvoker() => new HttpCallInvoker(this);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _invoker.Dispose();
    }

    private static SocketsHttpHandler CreateDefaultHandler() => new()
    {
        // One HTTP/2 connection caps concurrent streams (often at 100); open more when it is full.
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        // Keep idle long-lived streams (WatchStream) alive through NATs and proxies.
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        // grpc-encoding governs message compression; HTTP-level decompression must stay off.
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(20),
    };
}
