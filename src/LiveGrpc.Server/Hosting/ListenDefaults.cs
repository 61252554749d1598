using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace LiveGrpc.Server.Hosting;

/// <summary>
/// Where LiveGrpc listens when configuration names no Kestrel endpoints. Kestrel serves h2c
/// (HTTP/2 with prior knowledge, what gRPC clients send) only on an HTTP/2-only cleartext
/// endpoint, and browsers need HTTP/1.1 there, so cleartext takes two ports: one for gRPC,
/// one for the web (pages, SignalR, gRPC-Web). With TLS one port serves both through ALPN.
/// </summary>
public static class ListenDefaults
{
    public const int GrpcPort = 5100;
    public const int WebPort = 5000;

    public static void Apply(KestrelServerOptions kestrel)
    {
        kestrel.Listen(IPAddress.Loopback, GrpcPort, o => o.Protocols = HttpProtocols.Http2);
        // Cleartext Http1AndHttp2 would answer HTTP/1.1 only anyway (h2 needs ALPN), and warn.
        kestrel.Listen(IPAddress.Loopback, WebPort, o => o.Protocols = HttpProtocols.Http1);
    }
}
