using System.Net;
using LiveGrpc.Rpc.Client;
using LiveGrpc.Rpc.Tests.Protos;

namespace LiveGrpc.Rpc.Tests.EndToEnd;

/// <summary>https:// addresses: TLS with ALPN h2, and a custom handler that trusts a development certificate.</summary>
[Collection(TestServerCollection.Name)]
public sealed class TlsTests(TestServer server)
{
    private RpcChannel TrustingChannel(bool grpcWeb = false)
    {
        var thumbprint = server.Certificate.Thumbprint;
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint },
        };
        return RpcChannel.ForAddress(server.TlsAddress, new RpcChannelOptions { HttpHandler = handler, DisposeHttpHandler = true, GrpcWeb = grpcWeb });
    }

    [Fact]
    public async Task Unary_and_duplex_over_tls()
    {
        using var channel = TrustingChannel();
        var invoker = channel.CreateCallInvoker();

        Assert.Equal("secure", (await invoker.AsyncUnaryCall(Methods.Unary, null, default, new EchoRequest { Text = "secure" })).Text);

        using var call = invoker.AsyncDuplexStreamingCall(Methods.Duplex, null, default);
        for (var i = 0; i < 5; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = $"tls {i}" });
            Assert.True(await call.ResponseStream.MoveNext(default));
            Assert.Equal($"tls {i}", call.ResponseStream.Current.Text);
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(default));
    }

    [Fact]
    public async Task Grpc_web_over_tls()
    {
        using var channel = TrustingChannel(grpcWeb: true);
        var response = await channel.CreateCallInvoker().AsyncUnaryCall(Methods.Unary, null, default, new EchoRequest { Text = "web tls" });
        Assert.Equal("web tls", response.Text);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_unavailable()
    {
        using var channel = RpcChannel.ForAddress(server.TlsAddress);

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            channel.CreateCallInvoker().AsyncUnaryCall(Methods.Unary, null, default, new EchoRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    [Fact]
    public async Task A_closed_port_is_unavailable()
    {
        // Bind and release a port so nothing listens on it.
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var channel = RpcChannel.ForAddress($"http://127.0.0.1:{port}");

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            channel.CreateCallInvoker().AsyncUnaryCall(Methods.Unary, null, default, new EchoRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }
}
