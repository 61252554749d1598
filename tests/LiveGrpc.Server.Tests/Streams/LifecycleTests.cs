using Grpc.Core;
using LiveGrpc.Server.Tests.Support;
using LiveGrpc.V1;

namespace LiveGrpc.Server.Tests.Streams;

/// <summary>Runs on every store: <see cref="LifecycleOnSqliteTests"/> and <see cref="LifecycleOnPostgreSqlTests"/>.</summary>
public abstract class LifecycleTests(StoreProvider provider) : IAsyncLifetime
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private TestDatabase _database = null!;
    private ServerHarness _server = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _server = await ServerHarness.StartAsync(database: _database);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task StartStream_WithoutPublisher_IsStarting_ThenEndsHostDisconnectedWhenGraceLapses()
    {
        var (id, secret) = await _server.CreateStreamAsync();
        var started = await _server.StartAsync(id, secret);
        Assert.Equal(StreamStatus.Starting, started.Stream.Status);

        _server.Time.Advance(Grace - TimeSpan.FromSeconds(1));
        await _server.CheckDeadlinesAsync();
        Assert.Equal(StreamStatus.Starting, (await _server.GetAsync(id)).Status);

        _server.Time.Advance(TimeSpan.FromSeconds(1));
        await _server.CheckDeadlinesAsync();
        var stream = await _server.GetAsync(id);
        Assert.Equal(StreamStatus.Offline, stream.Status);
        var history = await ListBroadcastsAsync(id);
        Assert.Equal(EndReason.HostDisconnected, Assert.Single(history).EndReason);
    }

    [Fact]
    public async Task StartStream_WhenPublisherAlreadyConnected_GoesLiveAtOnce()
    {
        var (id, secret) = await _server.CreateStreamAsync();
        await using var publisher = await _server.Publishers.ConnectAsync(id, "dashboard");
        var started = await _server.StartAsync(id, secret);
        Assert.Equal(StreamStatus.Live, started.Stream.Status);
    }

    [Fact]
    public async Task HostDrop_GoesReconnecting_AndReturningWithinGrace_ResumesTheSameBroadcast()
    {
        var (id, secret) = await _server.CreateStreamAsync();
        var started = await _server.StartAsync(id, secret);
        var publisher = await _server.Publishers.ConnectAsync(id, "dashboard");
        Assert.Equal(StreamStatus.Live, (await _server.GetAsync(id)).Status);

        await publisher.DisposeAsync();
        Assert.Equal(StreamStatus.Reconnecting, (await _server.GetAsync(id)).Status);

        _server.Time.Advance(Grace - TimeSpan.FromSeconds(2));
        await _server.CheckDeadlinesAsync();
        await using var back = await _server.Publishers.ConnectAsync(id, "dashboard");
        var stream = await _server.GetAsync(id);
        Assert.Equal(StreamStatus.Live, stream.Status);
        Assert.Equal(started.Broadcast.Id, stream.CurrentBroadcast.Id);

        // The deadline is gone once the host is back.
        _server.Time.Advance(Grace * 2);
        await _server.CheckDeadlinesAsync();
        Assert.Equal(StreamStatus.Live, (await _server.GetAsync(id)).Status);
    }

    [Fact]
    public async Task HostDrop_EndsHostDisconnected_WhenTheHostDoesNotReturn()
    {
        var (id, secret) = await _server.CreateStreamAsync();
        await _server.StartAsync(id, secret);
        var publisher = await _server.Publishers.ConnectAsync(id, "dashboard");
        await publisher.DisposeAsync();

        _server.Time.Advance(Grace);
        await _server.CheckDeadlinesAsync();

        var stream = await _server.GetAsync(id);
        Assert.Equal(StreamStatus.Offline, stream.Status);
        Assert.NotNull(stream.LastLiveEndTime);
        Assert.Equal(EndReason.HostDisconnected, Assert.Single(await ListBroadcastsAsync(id)).EndReason);
    }

    [Fact]
    public async Task Broadcast_EndsWithMaxDuration_EvenWhileTheHostIsPresent()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["Streams:MaxBroadcastDuration"] = "01:00:00" }, database: _database);
        var (id, secret) = await server.CreateStreamAsync();
        await using var publisher = await server.Publishers.ConnectAsync(id, "dashboard");
        await server.StartAsync(id, secret);

        server.Time.Advance(TimeSpan.FromMinutes(59));
        await server.CheckDeadlinesAsync();
        Assert.Equal(StreamStatus.Live, (await server.GetAsync(id)).Status);

        server.Time.Advance(TimeSpan.FromMinutes(1));
        await server.CheckDeadlinesAsync();
        Assert.Equal(StreamStatus.Offline, (await server.GetAsync(id)).Status);
        var broadcasts = (await server.CallAsync<ListBroadcastsRequest, ListBroadcastsResponse>(
            server.Streams.ListBroadcasts, new ListBroadcastsRequest { StreamId = id })).Broadcasts;
        Assert.Equal(EndReason.MaxDuration, Assert.Single(broadcasts).EndReason);
    }

    [Fact]
    public async Task StartStream_WhenAlreadyLive_ReturnsTheCurrentBroadcastWithoutAChange()
    {
        var (id, secret) = await _server.CreateStreamAsync();
        await using var publisher = await _server.Publishers.ConnectAsync(id, "dashboard");
        var first = await _server.StartAsync(id, secret);
        var again = await _server.StartAsync(id, secret);

        Assert.Equal(first.Broadcast.Id, again.Broadcast.Id);
        Assert.Equal(first.Stream.Version, again.Stream.Version);
        Assert.Single(await ListBroadcastsAsync(id));
    }

    [Fact]
    public async Task StopStream_EndsTheBroadcast_AndStoppingAgainAnswersOkWithNoBroadcast()
    {
        var (id, secret) = await _server.CreateStreamAsync();
        var started = await _server.StartAsync(id, secret);

        var stopped = await _server.StopAsync(id, secret);
        Assert.Equal(StreamStatus.Offline, stopped.Stream.Status);
        Assert.Equal(started.Broadcast.Id, stopped.Broadcast.Id);
        Assert.Equal(EndReason.HostStopped, stopped.Broadcast.EndReason);
        Assert.NotNull(stopped.Broadcast.EndTime);

        var again = await _server.StopAsync(id, secret);
        Assert.Equal(StreamStatus.Offline, again.Stream.Status);
        Assert.Null(again.Broadcast);
        Assert.Equal(stopped.Stream.Version, again.Stream.Version);
    }

    [Fact]
    public async Task EveryStatusChange_IsPublishedOnce_WithAStrictlyIncreasingVersion()
    {
        var (id, secret) = await _server.CreateStreamAsync();
        using var events = _server.Bus.Subscribe(id);
        await _server.StartAsync(id, secret);
        var publisher = await _server.Publishers.ConnectAsync(id, "dashboard");
        await publisher.DisposeAsync();
        await using var back = await _server.Publishers.ConnectAsync(id, "dashboard");
        await _server.StopAsync(id, secret);

        var statuses = new List<(Server.Streams.StreamStatus Status, long Version)>();
        while (events.Reader.TryRead(out var change))
        {
            if (change is Server.Streams.StreamStatusChangedEvent status)
            {
                statuses.Add((status.Status, status.Version));
            }
        }
        Assert.Equal(
            [Server.Streams.StreamStatus.Starting, Server.Streams.StreamStatus.Live, Server.Streams.StreamStatus.Reconnecting,
             Server.Streams.StreamStatus.Live, Server.Streams.StreamStatus.Stopping, Server.Streams.StreamStatus.Offline],
            statuses.Select(s => s.Status));
        Assert.True(statuses.Zip(statuses.Skip(1)).All(pair => pair.Second.Version > pair.First.Version));
        Assert.Equal(statuses[^1].Version, (await _server.GetAsync(id)).Version);
    }

    [Fact]
    public async Task DeleteStream_WhileLive_EndsTheBroadcastWithStreamDeleted_ThenTheStreamIsGone()
    {
        var (id, secret) = await _server.CreateStreamAsync();
        using var events = _server.Bus.Subscribe(id);
        await _server.StartAsync(id, secret);

        await _server.CallAsync<DeleteStreamRequest, DeleteStreamResponse>(_server.Streams.DeleteStream, new DeleteStreamRequest { StreamId = id }, secret);

        var all = new List<Server.Streams.StreamEvent>();
        while (events.Reader.TryRead(out var change))
        {
            all.Add(change);
        }
        var ended = all.OfType<Server.Streams.StreamStatusChangedEvent>().Last();
        Assert.Equal(Server.Streams.EndReason.StreamDeleted, ended.Broadcast!.EndReason);
        Assert.IsType<Server.Streams.StreamDeletedEvent>(all[^1]);
        await _server.GetAsync(id).FailsWith(StatusCode.NotFound);
    }

    private async Task<IList<Broadcast>> ListBroadcastsAsync(string id) =>
        (await _server.CallAsync<ListBroadcastsRequest, ListBroadcastsResponse>(
            _server.Streams.ListBroadcasts, new ListBroadcastsRequest { StreamId = id })).Broadcasts;
}

public sealed class LifecycleOnSqliteTests() : LifecycleTests(StoreProvider.Sqlite);

public sealed class LifecycleOnPostgreSqlTests() : LifecycleTests(StoreProvider.PostgreSql);
