using System.Diagnostics;
using LiveGrpc.Rpc.Client;
using LiveGrpc.Rpc.Tests.Protos;

namespace LiveGrpc.Rpc.Tests.EndToEnd;

/// <summary>Deadlines and cancellation: the client's status, and what the server's handler observed.</summary>
[Collection(TestServerCollection.Name)]
public sealed class DeadlineAndCancellationTests(TestServer server) : IDisposable
{
    private readonly RpcChannel _channel = server.Channel();

    private CallInvoker Invoker => _channel.CreateCallInvoker();

    public void Dispose() => _channel.Dispose();

    private static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task The_server_sees_the_deadline()
    {
        var response = await Invoker.AsyncUnaryCall(Methods.Unary, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)), new EchoRequest());

        Assert.InRange(response.DeadlineRemainingMs, 5_000, 10_000);
    }

    [Fact]
    public async Task A_deadline_that_passes_ends_the_call_and_cancels_the_handler()
    {
        var key = NewKey();
        var watch = Stopwatch.StartNew();
        using var call = Invoker.AsyncUnaryCall(Methods.Unary, null, new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(300)),
            new EchoRequest { SleepMs = 20_000, ReportKey = key });

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Equal(StatusCode.DeadlineExceeded, call.GetStatus().StatusCode);
        Assert.Equal("cancelled", await server.Reports.WaitAsync(key));
    }

    [Fact]
    public async Task The_client_enforces_the_deadline_even_if_the_server_ignores_it()
    {
        // A local timer, not only grpc-timeout: here the server is still streaming when it passes.
        using var call = Invoker.AsyncServerStreamingCall(Methods.ServerStream, null, new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(500)),
            new EchoRequest { Count = 1000, SleepMs = 50 });
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(default))
            {
            }
        });
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task Cancelling_a_server_stream_mid_way_is_cancelled_on_both_sides()
    {
        var key = NewKey();
        using var cts = new CancellationTokenSource();
        using var call = Invoker.AsyncServerStreamingCall(Methods.ServerStream, null, new CallOptions(cancellationToken: cts.Token),
            new EchoRequest { Count = 10_000, SleepMs = 20, ReportKey = key });

        Assert.True(await call.ResponseStream.MoveNext(default));
        Assert.True(await call.ResponseStream.MoveNext(default));
        cts.Cancel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(default));

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
        Assert.Equal("cancelled", await server.Reports.WaitAsync(key));
    }

    [Fact]
    public async Task Cancelling_a_pending_unary_call()
    {
        var key = NewKey();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            Invoker.AsyncUnaryCall(Methods.Unary, null, new CallOptions(cancellationToken: cts.Token), new EchoRequest { SleepMs = 20_000, ReportKey = key }).ResponseAsync);

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal("cancelled", await server.Reports.WaitAsync(key));
    }

    [Fact]
    public async Task The_token_given_to_MoveNext_cancels_the_call()
    {
        var key = NewKey();
        using var call = Invoker.AsyncServerStreamingCall(Methods.ServerStream, null, default, new EchoRequest { Count = 10, SleepMs = 20_000, ReportKey = key });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(cts.Token));

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal("cancelled", await server.Reports.WaitAsync(key));
    }

    [Fact]
    public async Task Disposing_a_duplex_call_cancels_it()
    {
        var key = NewKey();
        var call = Invoker.AsyncDuplexStreamingCall(Methods.Duplex, null, default);
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "one", ReportKey = key });
        Assert.True(await call.ResponseStream.MoveNext(default));

        call.Dispose();

        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
        Assert.Equal("cancelled", await server.Reports.WaitAsync(key));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new EchoRequest()));
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task A_call_that_completed_is_not_changed_by_a_later_cancel()
    {
        using var cts = new CancellationTokenSource();
        using var call = Invoker.AsyncUnaryCall(Methods.Unary, null, new CallOptions(cancellationToken: cts.Token), new EchoRequest { Text = "done" });
        Assert.Equal("done", (await call).Text);

        cts.Cancel();

        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }
}
