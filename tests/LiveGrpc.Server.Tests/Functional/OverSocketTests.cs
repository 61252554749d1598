using Grpc.Core;
using LiveGrpc.V1;

namespace LiveGrpc.Server.Tests.Functional;

/// <summary>The real server process over h2c, with Grpc.Net.Client: status, counts, errors and restart recovery end to end.</summary>
public sealed class OverSocketTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "livegrpc-functional", Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AHostAndAViewer_SeeLiveStatusAndTheViewerCount_OverARealSocket()
    {
        await using var server = await ServerProcess.StartAsync(_dataDirectory, "--Presence:PushInterval=00:00:00.100");
        using var client = new StreamClient(server.GrpcAddress);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var created = await client.CreateStreamAsync("Socket show");
        var id = created.Stream.Id;

        using var host = client.Watch(id, created.HostSecret, timeout.Token);
        Assert.Equal(StreamStatus.Offline, (await NextAsync(host, timeout.Token)).Snapshot.Status);
        var started = await client.StartStreamAsync(id, created.HostSecret);
        Assert.Equal(StreamStatus.Live, started.Stream.Status);

        var token = (await client.CreateViewerTokenAsync(id)).Token;
        using var viewer = client.Watch(id, token, timeout.Token, sessionId: "phone");
        Assert.Equal(StreamStatus.Live, (await NextAsync(viewer, timeout.Token)).Snapshot.Status);

        // The host's watch sees STARTING, LIVE, then the coalesced count reaching 1.
        var counted = await NextMatchingAsync(host, e => e.ViewerCountChanged?.ViewerCount == 1, timeout.Token);
        Assert.True(counted.Version > started.Stream.Version);
    }

    [Fact]
    public async Task BadInput_OverTheWire_CarriesThePreciseStatusAndFieldViolations()
    {
        await using var server = await ServerProcess.StartAsync(_dataDirectory);
        using var client = new StreamClient(server.GrpcAddress);

        var notFound = await Assert.ThrowsAsync<RpcException>(() => client.GetStreamAsync("st_000000000000"));
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.Contains("st_000000000000", notFound.Status.Detail);

        var invalid = await Assert.ThrowsAsync<RpcException>(() => client.CreateStreamAsync(""));
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        var violation = Assert.Single(invalid.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations);
        Assert.Equal("stream.title", violation.Field);

        var created = await client.CreateStreamAsync("Mine");
        var denied = await Assert.ThrowsAsync<RpcException>(() => client.StartStreamAsync(created.Stream.Id, "lgs_wrong"));
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    [Fact]
    public async Task ALiveBroadcast_SurvivesAKilledServer_WhenTheHostReturnsWithinGrace()
    {
        string id, secret, broadcastId;
        await using (var first = await ServerProcess.StartAsync(_dataDirectory))
        {
            using var client = new StreamClient(first.GrpcAddress);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var created = await client.CreateStreamAsync("Resilient");
            (id, secret) = (created.Stream.Id, created.HostSecret);
            using var host = client.Watch(id, secret, timeout.Token);
            await NextAsync(host, timeout.Token);
            var started = await client.StartStreamAsync(id, secret);
            Assert.Equal(StreamStatus.Live, started.Stream.Status);
            broadcastId = started.Broadcast.Id;
            await first.KillAsync();
        }

        await using var second = await ServerProcess.StartAsync(_dataDirectory);
        using var again = new StreamClient(second.GrpcAddress);
        using var timeout2 = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.Equal(StreamStatus.Reconnecting, (await again.GetStreamAsync(id)).Stream.Status);

        using var back = again.Watch(id, secret, timeout2.Token);
        var snapshot = (await NextAsync(back, timeout2.Token)).Snapshot;
        Assert.Equal(StreamStatus.Live, snapshot.Status);
        Assert.Equal(broadcastId, snapshot.CurrentBroadcast.Id);
    }

    [Fact]
    public async Task ALiveBroadcast_EndsWithServerRestart_WhenTheHostDoesNotReturn()
    {
        string id;
        await using (var first = await ServerProcess.StartAsync(_dataDirectory))
        {
            using var client = new StreamClient(first.GrpcAddress);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var created = await client.CreateStreamAsync("Abandoned");
            id = created.Stream.Id;
            using var host = client.Watch(id, created.HostSecret, timeout.Token);
            await NextAsync(host, timeout.Token);
            await client.StartStreamAsync(id, created.HostSecret);
            await first.KillAsync();
        }

        // A short grace window so the test waits on the event rather than half a minute.
        await using var second = await ServerProcess.StartAsync(_dataDirectory,
            "--Streams:ReconnectGracePeriod=00:00:01", "--Streams:DeadlineCheckInterval=00:00:00.100");
        using var again = new StreamClient(second.GrpcAddress);
        using var timeout2 = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var follower = again.Watch(id, null, timeout2.Token);
        var snapshot = await NextAsync(follower, timeout2.Token);
        if (snapshot.Snapshot.Status != StreamStatus.Offline)
        {
            var ended = await NextMatchingAsync(follower, e => e.StatusChanged?.Status == StreamStatus.Offline, timeout2.Token);
            Assert.Equal(EndReason.ServerRestart, ended.StatusChanged.Broadcast.EndReason);
        }
        Assert.Equal(StreamStatus.Offline, (await again.GetStreamAsync(id)).Stream.Status);
        var broadcast = Assert.Single((await again.ListBroadcastsAsync(id)).Broadcasts);
        Assert.Equal(EndReason.ServerRestart, broadcast.EndReason);
    }

    private static async Task<V1.StreamEvent> NextAsync(AsyncServerStreamingCall<WatchStreamResponse> call, CancellationToken cancellationToken)
    {
        Assert.True(await call.ResponseStream.MoveNext(cancellationToken), "The watch ended early.");
        return call.ResponseStream.Current.Event;
    }

    private static async Task<V1.StreamEvent> NextMatchingAsync(
        AsyncServerStreamingCall<WatchStreamResponse> call, Func<V1.StreamEvent, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = await NextAsync(call, cancellationToken);
            if (match(next))
            {
                return next;
            }
        }
    }
}
