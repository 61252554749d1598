using LiveGrpc.Rpc.Client;
using LiveGrpc.Rpc.Tests.Protos;

namespace LiveGrpc.Rpc.Tests.EndToEnd;

/// <summary>The client in gRPC-Web mode (application/grpc-web over HTTP/1.1) against the server's web port.</summary>
[Collection(TestServerCollection.Name)]
public sealed class GrpcWebTests(TestServer server) : IDisposable
{
    private readonly RpcChannel _channel = server.Channel(o => o.GrpcWeb = true);

    private CallInvoker Invoker => _channel.CreateCallInvoker();

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task Unary_with_metadata()
    {
        using var call = Invoker.AsyncUnaryCall(Methods.Unary, null, new CallOptions(new Metadata { { "x-echo-web", "yes" } }), new EchoRequest { Text = "web" });

        Assert.Equal("web", (await call).Text);
        Assert.Equal("yes", (await call.ResponseHeadersAsync).GetValue("x-echo-web"));
        Assert.Equal("yes", call.GetTrailers().GetValue("x-trailer-web"));
    }

    [Fact]
    public async Task Server_streaming()
    {
        using var call = Invoker.AsyncServerStreamingCall(Methods.ServerStream, null, default, new EchoRequest { Count = 50 });
        var indexes = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            indexes.Add(response.Index);
        }

        Assert.Equal(Enumerable.Range(0, 50), indexes);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Errors_arrive_with_their_status_and_message()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            Invoker.AsyncUnaryCall(Methods.Unary, null, default, new EchoRequest { FailCode = (int)StatusCode.PermissionDenied, FailMessage = "not the host ✋" }).ResponseAsync);

        Assert.Equal(new Status(StatusCode.PermissionDenied, "not the host ✋"), ex.Status);
    }

    [Fact]
    public async Task A_grpc_client_on_the_http1_port_gets_a_clear_error()
    {
        // Plain gRPC needs HTTP/2; a cleartext HTTP/1.1-only port cannot speak it.
        using var channel = RpcChannel.ForAddress(server.WebAddress);
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            channel.CreateCallInvoker().AsyncUnaryCall(Methods.Unary, null, default, new EchoRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Contains("HTTP/2", ex.Status.Detail);
    }
}
