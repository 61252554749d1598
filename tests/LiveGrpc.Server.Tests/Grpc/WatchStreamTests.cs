using Grpc.Core;
using LiveGrpc.Server.Tests.Support;
using LiveGrpc.V1;

namespace LiveGrpc.Server.Tests.Grpc;

public sealed class WatchStreamTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AWatcher_GetsASnapshotFirst_ThenEachChangeInVersionOrder()
    {
        var (id, secret) = await _server.CreateStreamAsync();
        using var cancel = new CancellationTokenSource();
        var writer = new CollectingStreamWriter<WatchStreamResponse>();
        var watch = Watch(id, null, writer, cancel.Token);

        var snapshot = (await writer.NextAsync()).Event;
        Assert.Equal(StreamStatus.Offline, snapshot.Snapshot.Status);

        await _server.StartAsync(id, secret);
        var starting = (await writer.NextAsync()).Event;
        Assert.Equal(StreamStatus.Starting, starting.StatusChanged.Status);
        Assert.True(starting.Version > snapshot.Version);

        await using (await _server.Viewers.JoinAsync(id, "someone"))
        {
            await _server.FlushViewerCountsAsync();
            var counted = (await writer.NextAsync()).Event;
            Assert.Equal(1, counted.ViewerCountChanged.ViewerCount);
            Assert.True(counted.Version > starting.Version);
        }

        cancel.Cancel();
        await watch; // ends normally when the caller cancels
    }

    [Fact]
    public async Task AViewerTokenWatcher_CountsAsAViewer_UntilItCancels()
    {
        var (id, _) = await _server.CreateStreamAsync();
        var token = await _server.ViewerTokenAsync(id);
        using var cancel = new CancellationTokenSource();
        var writer = new CollectingStreamWriter<WatchStreamResponse>();
        var watch = Watch(id, token, writer, cancel.Token, sessionId: "tab-1");
        await writer.NextAsync();
        Assert.Equal(1, _server.Viewers.GetViewerCount(id));

        // The same session reconnecting is still one viewer.
        using var cancelSecond = new CancellationTokenSource();
        var secondWriter = new CollectingStreamWriter<WatchStreamResponse>();
        var second = Watch(id, token, secondWriter, cancelSecond.Token, sessionId: "tab-1");
        await secondWriter.NextAsync();
        Assert.Equal(1, _server.Viewers.GetViewerCount(id));
        cancel.Cancel();
        await watch;
        Assert.Equal(1, _server.Viewers.GetViewerCount(id));

        cancelSecond.Cancel();
        await second;
        Assert.Equal(0, _server.Viewers.GetViewerCount(id));
    }

    [Fact]
    public async Task AViewerToken_ReplayedAsAnotherSession_IsRefused_AndAddsNoViewer()
    {
        var (id, _) = await _server.CreateStreamAsync();
        var token = await _server.ViewerTokenAsync(id);
        using var cancel = new CancellationTokenSource();
        var writer = new CollectingStreamWriter<WatchStreamResponse>();
        var watch = Watch(id, token, writer, cancel.Token, sessionId: "tab-1");
        await writer.NextAsync();

        await Watch(id, token, new CollectingStreamWriter<WatchStreamResponse>(), CancellationToken.None, sessionId: "made-up-2")
            .FailsWith(StatusCode.FailedPrecondition);
        Assert.Equal(1, _server.Viewers.GetViewerCount(id));

        cancel.Cancel();
        await watch;
        // Freed with its last call: the token may watch again, as any one session.
        using var cancelAgain = new CancellationTokenSource();
        var again = new CollectingStreamWriter<WatchStreamResponse>();
        var rewatch = Watch(id, token, again, cancelAgain.Token, sessionId: "made-up-2");
        await again.NextAsync();
        Assert.Equal(1, _server.Viewers.GetViewerCount(id));
        cancelAgain.Cancel();
        await rewatch;
    }

    [Fact]
    public async Task WatchCalls_WithOneViewerTokenAndNoSessionId_CountOnce()
    {
        var (id, _) = await _server.CreateStreamAsync();
        var token = await _server.ViewerTokenAsync(id);
        using var cancel = new CancellationTokenSource();
        var first = new CollectingStreamWriter<WatchStreamResponse>();
        var second = new CollectingStreamWriter<WatchStreamResponse>();
        var watches = new[] { Watch(id, token, first, cancel.Token), Watch(id, token, second, cancel.Token) };
        await first.NextAsync();
        await second.NextAsync();
        Assert.Equal(1, _server.Viewers.GetViewerCount(id));
        cancel.Cancel();
        await Task.WhenAll(watches);
    }

    [Fact]
    public async Task APublisherTokenWatcher_IsTheHostsPublisherSession_KeepingTheStreamLive()
    {
        var (id, secret) = await _server.CreateStreamAsync();
        var publisherToken = await _server.PublisherTokenAsync(id, secret);
        await _server.StartAsync(id, secret);

        using var cancel = new CancellationTokenSource();
        var writer = new CollectingStreamWriter<WatchStreamResponse>();
        var watch = Watch(id, publisherToken, writer, cancel.Token);
        var snapshot = (await writer.NextAsync()).Event.Snapshot;
        Assert.Equal(StreamStatus.Live, snapshot.Status);
        Assert.Equal(0, _server.Viewers.GetViewerCount(id));

        cancel.Cancel();
        await watch;
        Assert.Equal(StreamStatus.Reconnecting, (await _server.GetAsync(id)).Status);
    }

    [Fact]
    public async Task TheHostSecret_AlsoHoldsThePublisherSession()
    {
        var (id, secret) = await _server.CreateStreamAsync();
        using var cancel = new CancellationTokenSource();
        var writer = new CollectingStreamWriter<WatchStreamResponse>();
        var watch = Watch(id, secret, writer, cancel.Token);
        await writer.NextAsync();

        var started = await _server.StartAsync(id, secret);
        Assert.Equal(StreamStatus.Live, started.Stream.Status);
        cancel.Cancel();
        await watch;
    }

    [Fact]
    public async Task AWatcher_OfADeletedStream_GetsStreamDeleted_AndTheCallEnds()
    {
        var (id, secret) = await _server.CreateStreamAsync();
        var writer = new CollectingStreamWriter<WatchStreamResponse>();
        var watch = Watch(id, null, writer, CancellationToken.None);
        await writer.NextAsync();

        await _server.CallAsync<DeleteStreamRequest, DeleteStreamResponse>(_server.Streams.DeleteStream, new DeleteStreamRequest { StreamId = id }, secret);
        Assert.NotNull((await writer.NextAsync()).Event.StreamDeleted);
        await watch;
    }

    [Fact]
    public async Task WatchingAnUnknownStream_IsNotFound() =>
        await Watch("st_ffffffffffff", null, new CollectingStreamWriter<WatchStreamResponse>(), CancellationToken.None)
            .FailsWith(StatusCode.NotFound);

    private Task Watch(string id, string? bearer, CollectingStreamWriter<WatchStreamResponse> writer, CancellationToken cancellationToken, string sessionId = "") =>
        _server.StreamAsync<WatchStreamRequest, WatchStreamResponse>(_server.Streams.WatchStream,
            new WatchStreamRequest { StreamId = id, SessionId = sessionId }, writer, bearer, cancellationToken);
}
