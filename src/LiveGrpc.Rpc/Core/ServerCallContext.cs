using Microsoft.AspNetCore.Http;

namespace LiveGrpc.Rpc;

/// <summary>Everything a handler may know about, and do to, the call it serves.</summary>
public abstract class ServerCallContext
{
    /// <summary>The full method name, "/package.Service/Method".</summary>
    public abstract string Method { get; }

    public abstract string Host { get; }

    /// <summary>The remote address, "ipv4:1.2.3.4:5678" style as in Grpc.Core.</summary>
    public abstract string Peer { get; }

    /// <summary>When the caller stops waiting; <see cref="DateTime.MaxValue"/> when it set no deadline.</summary>
    public abstract DateTime Deadline { get; }

    public abstract Metadata RequestHeaders { get; }

    /// <summary>Cancelled when the client cancels, the connection drops, or the deadline passes.</summary>
    public abstract CancellationToken CancellationToken { get; }

    /// <summary>Trailers sent with the final status.</summary>
    public abstract Metadata ResponseTrailers { get; }

    /// <summary>The status to end the call with when the handler returns normally.</summary>
    public abstract Status Status { get; set; }

    /// <summary>Per-call state for interceptors to hand values to handlers (e.g. the authenticated principal).</summary>
    public abstract IDictionary<object, object?> UserState { get; }

    /// <summary>Sends response headers now; at most once, before the first message.</summary>
    public abstract Task WriteResponseHeadersAsync(Metadata responseHeaders);

    /// <summary>The ASP.NET Core request behind this call (same as Grpc.AspNetCore's GetHttpContext()).</summary>
    public abstract HttpContext GetHttpContext();
}
