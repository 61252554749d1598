using LiveGrpc.Server.Tests.Support;
using LiveGrpc.V1;

namespace LiveGrpc.Server.Tests.Streams;

/// <summary>The in-process half of restart recovery: the same data directory opened by a fresh container. The real-process half is in Functional/.</summary>
public sealed class RestartRecoveryTests
{
    [Fact]
    public async Task LiveBroadcast_AfterRestart_WaitsForItsHost_AndResumesWhenTheHostReturnsWithinGrace()
    {
        var before = await ServerHarness.StartAsync();
        var (id, secret) = await before.CreateStreamAsync();
        await before.Publishers.ConnectAsync(id, "dashboard");
        var started = await before.StartAsync(id, secret);
        await before.CrashAsync();

        await using var after = await ServerHarness.StartAsync(dataDirectory: before.DataDirectory, time: before.Time);
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
        var before = await ServerHarness.StartAsync();
        var (id, secret) = await before.CreateStreamAsync();
        await before.Publishers.ConnectAsync(id, "dashboard");
        await before.StartAsync(id, secret);
        await before.CrashAsync();

        await using var after = await ServerHarness.StartAsync(dataDirectory: before.DataDirectory, time: before.Time);
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
        var before = await ServerHarness.StartAsync();
        var (id, secret) = await before.CreateStreamAsync("Kept");
        await before.StartAsync(id, secret);
        await before.StopAsync(id, secret);
        await before.CrashAsync();

        await using var after = await ServerHarness.StartAsync(dataDirectory: before.DataDirectory, time: before.Time);
        var stream = await after.GetAsync(id);
        Assert.Equal("Kept", stream.Title);
        Assert.Equal(StreamStatus.Offline, stream.Status);
        // The host secret still works: it is checked against the stored hash.
        var again = await after.StartAsync(id, secret);
        Assert.Equal(StreamStatus.Starting, again.Stream.Status);
    }
}
