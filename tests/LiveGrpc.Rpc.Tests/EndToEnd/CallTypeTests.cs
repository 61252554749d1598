using Google.Protobuf;
using LiveGrpc.Rpc.Client;
using LiveGrpc.Rpc.Tests.Protos;

namespace LiveGrpc.Rpc.Tests.EndToEnd;

/// <summary>The four call types through RpcChannel against the LiveGrpc.Rpc server on Kestrel (h2c).</summary>
[Collection(TestServerCollection.Name)]
public sealed class CallTypeTests(TestServer server) : IDisposable
{
    private readonly RpcChannel _channel = server.Channel();

    private CallInvoker Invoker => _channel.CreateCallInvoker();

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task Unary()
    {
        using var call = Invoker.AsyncUnaryCall(Methods.Unary, null, default, new EchoRequest { Text = "hello" });
        var response = await call;

        Assert.Equal("hello", response.Text);
        Assert.Equal(-1, response.DeadlineRemainingMs);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public void Blocking_unary()
    {
        var response = Invoker.BlockingUnaryCall(Methods.Unary, null, default, new EchoRequest { Text = "blocking" });
        Assert.Equal("blocking", response.Text);
    }

    [Fact]
    public async Task Server_streaming_of_a_thousand_messages()
    {
        using var call = Invoker.AsyncServerStreamingCall(Methods.ServerStream, null, default, new EchoRequest { Text = "s", Count = 1000 });
        var indexes = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            indexes.Add(response.Index);
        }

        Assert.Equal(Enumerable.Range(0, 1000), indexes);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Empty_server_stream_ends_ok()
    {
        using var call = Invoker.AsyncServerStreamingCall(Methods.ServerStream, null, default, new EchoRequest { Count = 0 });
        Assert.False(await call.ResponseStream.MoveNext(default));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Client_streaming()
    {
        using var call = Invoker.AsyncClientStreamingCall(Methods.ClientStream, null, default);
        for (var i = 0; i < 10; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = $"m{i}", Payload = ByteString.CopyFrom(new byte[1000]) });
        }
        await call.RequestStream.CompleteAsync();
        var response = await call;

        Assert.Equal(string.Join(",", Enumerable.Range(0, 10).Select(i => $"m{i}")), response.Text);
        Assert.Equal(10_000, response.RequestBytes);
        await Assert.ThrowsAsync<InvalidOperationException>(() => call.RequestStream.WriteAsync(new EchoRequest()));
    }

    [Fact]
    public async Task Empty_client_stream()
    {
        using var call = Invoker.AsyncClientStreamingCall(Methods.ClientStream, null, default);
        await call.RequestStream.CompleteAsync();
        var response = await call;
        Assert.Equal(0, response.Index);
    }

    [Fact]
    public async Task Duplex_ping_pong_interleaves_requests_and_responses()
    {
        using var call = Invoker.AsyncDuplexStreamingCall(Methods.Duplex, null, default);
        for (var i = 0; i < 20; i++)
        {
            // The next request goes out only after the previous response came back: this
            // deadlocks unless both directions really stream at the same time.
            await call.RequestStream.WriteAsync(new EchoRequest { Text = $"ping {i}" });
            Assert.True(await call.ResponseStream.MoveNext(default).WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal($"ping {i}", call.ResponseStream.Current.Text);
            Assert.Equal(i, call.ResponseStream.Current.Index);
        }
        await call.RequestStream.CompleteAsync();

        Assert.False(await call.ResponseStream.MoveNext(default));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Duplex_where_the_client_waits_for_response_headers_before_writing()
    {
        // The server answers headers as soon as the call starts; that needs our request headers
        // on the wire before the first request message exists.
        var headers = new Metadata { { "x-echo-first", "1" } };
        using var call = Invoker.AsyncDuplexStreamingCall(Methods.Duplex, null, new CallOptions(headers));

        var responseHeaders = await call.ResponseHeadersAsync.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("1", responseHeaders.GetValue("x-echo-first"));

        await call.RequestStream.WriteAsync(new EchoRequest { Text = "after" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(default));
        Assert.Equal("after", call.ResponseStream.Current.Text);
        Assert.False(await call.ResponseStream.MoveNext(default));
        Assert.Equal("1", call.GetTrailers().GetValue("x-trailer-first"));
    }

    [Fact]
    public async Task Three_mebibyte_messages_both_ways()
    {
        var response = await Invoker.AsyncUnaryCall(Methods.Unary, null, default,
            new EchoRequest { Payload = ByteString.CopyFrom(new byte[3 * 1024 * 1024]), ResponseBytes = 3 * 1024 * 1024 });

        Assert.Equal(3 * 1024 * 1024, response.RequestBytes);
        Assert.Equal(3 * 1024 * 1024, response.Payload.Length);
    }

    [Fact]
    public async Task Gzip_compressed_requests_are_accepted()
    {
        using var channel = server.Channel(o => o.CompressRequests = true);
        var invoker = channel.CreateCallInvoker();

        var unary = await invoker.AsyncUnaryCall(Methods.Unary, null, default, new EchoRequest { Text = "zipped", Payload = ByteString.CopyFrom(new byte[50_000]) });
        using var stream = invoker.AsyncClientStreamingCall(Methods.ClientStream, null, default);
        await stream.RequestStream.WriteAsync(new EchoRequest { Text = "a" });
        await stream.RequestStream.WriteAsync(new EchoRequest { Text = "b" });
        await stream.RequestStream.CompleteAsync();

        Assert.Equal("zipped", unary.Text);
        Assert.Equal(50_000, unary.RequestBytes);
        Assert.Equal("a,b", (await stream).Text);
    }

    [Fact]
    public async Task Many_concurrent_calls_share_the_channel()
    {
        var invoker = Invoker;
        var calls = Enumerable.Range(0, 200).Select(async i =>
            (await invoker.AsyncUnaryCall(Methods.Unary, null, default, new EchoRequest { Text = $"c{i}" })).Text);

        var texts = await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"c{i}"), texts);
    }
}
