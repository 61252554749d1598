using LiveGrpc.Server.Tests.Support;
using LiveGrpc.V1;

namespace LiveGrpc.Server.Tests.Streams;

/// <summary>
/// The in-process half of restart recovery: the same data directory and database opened by a
/// fresh container, on every store. The real-process half is in Functional/.
/// </summary>
public abstract class RestartRecoveryTests(StoreProvider provider)
{
    [Fact]
    public async Task LiveBroadcast_AfterRestart_WaitsForItsHost_AndResumesWhenTheHostReturnsWithinGrace()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var before = await ServerHarness.StartAsync(database: database);
        var (id, secret) = await before.CreateStreamAsync();
        await before.Publishers.ConnectAsync(id, "dashboard");
        var started = await before.StartAsync(id, secret);
        await before.CrashAsync();

        await using var after = await ServerHarness.StartAsync(dataDirectory: before.DataDirectory, time: before.Time, database: database);
        var recovered = await after.GetAsync(id);
        Assert.Equal(StreamStatus.Reconnecting, recovered.Status);
        Assert.Equal(0, recovered.ViewerCount);

        after.Time.Advance(TimeSpan.FromSeconds(20));
        await after.CheckDeadlinesAsync();
        await using var back = await after.Publishers.ConnectAsync(id, "dashboard");
        var resumed = await after.GetAsync(id);
        Assert.Equal(StreamStatus.Live, resumed.Status);
        Assert.Equal(started.Broadcast.Id, resumed.CurrentBroadcast.Id);
    }

    [Fact]
    public async Task LiveBroadcast_AfterRestart_EndsWithServerRestart_WhenTheHostDoesNotReturn()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var before = await ServerHarness.StartAsync(database: database);
        var (id, secret) = await before.CreateStreamAsync();
        await before.Publishers.ConnectAsync(id, "dashboard");
        await before.StartAsync(id, secret);
        await before.CrashAsync();

        await using var after = await ServerHarness.StartAsync(dataDirectory: before.DataDirectory, time: before.Time, database: database);
        after.Time.Advance(TimeSpan.FromSeconds(30));
        await after.CheckDeadlinesAsync();

        var stream = await after.GetAsync(id);
        Assert.Equal(StreamStatus.Offline, stream.Status);
        var broadcast = Assert.Single((await after.CallAsync<ListBroadcastsRequest, ListBroadcastsResponse>(
            after.Streams.ListBroadcasts, new ListBroadcastsRequest { StreamId = id })).Broadcasts);
        Assert.Equal(EndReason.ServerRestart, broadcast.EndReason);
    }

    [Fact]
    public async Task StreamsAndHistory_SurviveARestart()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var before = await ServerHarness.StartAsync(database: database);
        var (id, secret) = await before.CreateStreamAsync("Kept");
        await before.StartAsync(id, secret);
        await before.StopAsync(id, secret);
        await before.CrashAsync();

        await using var after = await ServerHarness.StartAsync(dataDirectory: before.DataDirectory, time: before.Time, database: database);
        var stream = await after.GetAsync(id);
        Assert.Equal("Kept", stream.Title);
        Assert.Equal(StreamStatus.Offline, stream.Status);
        // The host secret still works: it is checked against the stored hash.
        var again = await after.StartAsync(id, secret);
        Assert.Equal(StreamStatus.Starting, again.Stream.Status);
    }
}

public sealed class RestartRecoveryOnSqliteTests() : RestartRecoveryTests(StoreProvider.Sqlite);

public sealed class RestartRecoveryOnPostgreSqlTests() : RestartRecoveryTests(StoreProvider.PostgreSql);
