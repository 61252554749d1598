using LiveGrpc.Server.Streams;
using LiveGrpc.Server.Tests.Support;

namespace LiveGrpc.Server.Tests.Presence;

/// <summary>Runs on every store: <see cref="ViewerCountOnSqliteTests"/> and <see cref="ViewerCountOnPostgreSqlTests"/>.</summary>
public abstract class ViewerCountTests(StoreProvider provider) : IAsyncLifetime
{
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
    public async Task AViewerReconnectingWithTheSameSessionId_IsCountedOnce()
    {
        var (id, _) = await _server.CreateStreamAsync();
        var first = await _server.Viewers.JoinAsync(id, "phone-1");
        var reconnect = await _server.Viewers.JoinAsync(id, "phone-1");
        Assert.Equal(1, _server.Viewers.GetViewerCount(id));

        // The old connection is noticed as gone after the new one arrived: still watching.
        await first.DisposeAsync();
        Assert.Equal(1, _server.Viewers.GetViewerCount(id));
        await reconnect.DisposeAsync();
        Assert.Equal(0, _server.Viewers.GetViewerCount(id));
    }

    [Fact]
    public async Task ViewerCounts_AreCoalesced_IntoOneEventPerFlush_AndOnlyWhenTheNumberChanged()
    {
        var (id, _) = await _server.CreateStreamAsync();
        using var events = _server.Bus.Subscribe(id);
        var leases = new List<IAsyncDisposable>();
        for (var i = 0; i < 50; i++)
        {
            leases.Add(await _server.Viewers.JoinAsync(id, $"viewer-{i}"));
        }
        await _server.FlushViewerCountsAsync();
        var pushed = Drain(events).OfType<ViewerCountChangedEvent>().ToList();
        Assert.Equal(50, Assert.Single(pushed).ViewerCount);

        // Nothing changed since: no push.
        await _server.FlushViewerCountsAsync();
        Assert.Empty(Drain(events));

        // A leave and a join in the same interval leave the count unchanged: no push.
        await leases[0].DisposeAsync();
        leases.Add(await _server.Viewers.JoinAsync(id, "late"));
        await _server.FlushViewerCountsAsync();
        Assert.Empty(Drain(events).OfType<ViewerCountChangedEvent>());
        Assert.Equal(50, (await _server.GetAsync(id)).ViewerCount);
    }

    [Fact]
    public async Task ABroadcast_KeepsItsPeakConcurrentAndTotalDistinctViewers()
    {
        var (id, secret) = await _server.CreateStreamAsync();
        var early = await _server.Viewers.JoinAsync(id, "early");
        await _server.StartAsync(id, secret);
        var a = await _server.Viewers.JoinAsync(id, "a");
        var b = await _server.Viewers.JoinAsync(id, "b");
        await _server.FlushViewerCountsAsync();
        await a.DisposeAsync();
        await b.DisposeAsync();
        await using var c = await _server.Viewers.JoinAsync(id, "c");
        await using var aAgain = await _server.Viewers.JoinAsync(id, "a");
        await _server.FlushViewerCountsAsync();

        var stopped = await _server.StopAsync(id, secret);
        Assert.Equal(3, stopped.Broadcast.PeakViewers);
        Assert.Equal(4, stopped.Broadcast.TotalViewers); // early, a, b, c — "a" twice counts once
        await early.DisposeAsync();
    }

    private static List<StreamEvent> Drain(LiveGrpc.Server.Presence.IStreamEventSubscription subscription)
    {
        var events = new List<StreamEvent>();
        while (subscription.Reader.TryRead(out var change))
        {
            events.Add(change);
        }
        return events;
    }
}

public sealed class ViewerCountOnSqliteTests() : ViewerCountTests(StoreProvider.Sqlite);

public sealed class ViewerCountOnPostgreSqlTests() : ViewerCountTests(StoreProvider.PostgreSql);
