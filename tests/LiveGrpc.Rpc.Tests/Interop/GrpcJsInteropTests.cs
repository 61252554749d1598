using Google.Protobuf;
using LiveGrpc.Rpc.Client;
using LiveGrpc.Rpc.Tests.EndToEnd;
using LiveGrpc.Rpc.Tests.Protos;

namespace LiveGrpc.Rpc.Tests.Interop;

/// <summary>Our client against an independent server (@grpc/grpc-js): the same wire, read by someone else's code.</summary>
public sealed class GrpcJsInteropTests(GrpcJsServer server) : IClassFixture<GrpcJsServer>, IDisposable
{
    private readonly RpcChannel _channel = RpcChannel.ForAddress(server.Address);

    private CallInvoker Invoker => _channel.CreateCallInvoker();

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task Unary_with_metadata_both_ways_and_a_deadline()
    {
        var binary = new byte[] { 0, 1, 0xFE, 0xFF };
        var headers = new Metadata { { "x-echo-text", "hi" }, { "x-echo-data-bin", binary } };
        using var call = Invoker.AsyncUnaryCall(Methods.Unary, null, new CallOptions(headers, DateTime.UtcNow.AddSeconds(20)), new EchoRequest { Text = "grpc-js" });

        var response = await call;

        Assert.Equal("grpc-js", response.Text);
        Assert.InRange(response.DeadlineRemainingMs, 10_000, 20_000);
        Assert.Contains($"x-echo-data-bin={Convert.ToBase64String(binary)}", response.ReceivedMetadata);
        Assert.Equal("hi", (await call.ResponseHeadersAsync).GetValue("x-echo-text"));
        Assert.Equal(binary, (await call.ResponseHeadersAsync).GetValueBytes("x-echo-data-bin"));
        Assert.Equal(binary, call.GetTrailers().GetValueBytes("x-trailer-data-bin"));
    }

    [Fact]
    public async Task Server_streaming()
    {
        using var call = Invoker.AsyncServerStreamingCall(Methods.ServerStream, null, default, new EchoRequest { Count = 500 });
        var indexes = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            indexes.Add(response.Index);
        }
        Assert.Equal(Enumerable.Range(0, 500), indexes);
    }

    [Fact]
    public async Task Client_streaming()
    {
        using var call = Invoker.AsyncClientStreamingCall(Methods.ClientStream, null, default);
        foreach (var text in new[] { "a", "b", "c" })
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = text, Payload = ByteString.CopyFrom(new byte[10]) });
        }
        await call.RequestStream.CompleteAsync();

        var response = await call;

        Assert.Equal("a,b,c", response.Text);
        Assert.Equal(30, response.RequestBytes);
    }

    [Fact]
    public async Task Duplex_ping_pong()
    {
        using var call = Invoker.AsyncDuplexStreamingCall(Methods.Duplex, null, default);
        for (var i = 0; i < 10; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = $"ping {i}" });
            Assert.True(await call.ResponseStream.MoveNext(default).WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal($"ping {i}", call.ResponseStream.Current.Text);
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(default));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Errors_with_percent_encoded_messages_and_trailers()
    {
        var message = "ungültig: 100% «nein» 🎥";
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            Invoker.AsyncUnaryCall(Methods.Unary, null, default, new EchoRequest { FailCode = (int)StatusCode.FailedPrecondition, FailMessage = message }).ResponseAsync);

        Assert.Equal(new Status(StatusCode.FailedPrecondition, message), ex.Status);
        Assert.Equal("yes", ex.Trailers.GetValue("x-failure"));
    }

    [Fact]
    public async Task A_passed_deadline_is_deadline_exceeded()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            Invoker.AsyncUnaryCall(Methods.Unary, null, new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(200)), new EchoRequest { SleepMs = 10_000 }).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task Gzip_requests_are_understood()
    {
        using var channel = RpcChannel.ForAddress(server.Address, new RpcChannelOptions { CompressRequests = true });
        var response = await channel.CreateCallInvoker().AsyncUnaryCall(Methods.Unary, null, default,
            new EchoRequest { Text = "zipped", Payload = ByteString.CopyFrom(new byte[20_000]) });

        Assert.Equal(20_000, response.RequestBytes);
    }

    [Fact]
    public async Task Unknown_method_is_unimplemented()
    {
        var unknown = new Method<EchoRequest, EchoResponse>(MethodType.Unary, "livegrpc.rpc.tests.v1.RpcTestService", "Nope", EchoRequest.Parser, EchoResponse.Parser);
        var ex = await Assert.ThrowsAsync<RpcException>(() => Invoker.AsyncUnaryCall(unknown, null, default, new EchoRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }
}
