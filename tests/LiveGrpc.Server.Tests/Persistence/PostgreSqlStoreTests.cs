using LiveGrpc.Server.Streams;
using LiveGrpc.Server.Tests.Support;
using Npgsql;
using Stream = LiveGrpc.Server.Streams.Stream;

namespace LiveGrpc.Server.Tests.Persistence;

/// <summary>What only a server database shows: another node's transaction interleaving with ours, and how the schema reads to other tools.</summary>
public sealed class PostgreSqlStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 17, 10, 11, 12, TimeSpan.Zero);
    private TestDatabase _database = null!;
    private ServerHarness _server = null!;

    private IStreamStore Store => _server.Get<IStreamStore>();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(StoreProvider.PostgreSql);
        _server = await ServerHarness.StartAsync(database: _database);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task ASaveThatReadBeforeAnotherNodeCommitted_IsRefusedByTheVersionCondition_NotWrittenOver()
    {
        await Store.AddAsync(Stream.Create("st_race", "Original", "", Visibility.Public, null, "hash", T0), null, CancellationToken.None);
        var ours = (await Store.FindAsync("st_race", CancellationToken.None))!;

        // Another node has changed the row and not committed yet: our save reads version 1
        // (passing the store's own check), then its UPDATE waits for that node's row lock.
        await using var otherNode = new NpgsqlConnection(_database.ConnectionString);
        await otherNode.OpenAsync();
        await using var transaction = await otherNode.BeginTransactionAsync();
        await using (var update = new NpgsqlCommand("UPDATE streams SET \"Version\" = 2, \"Title\" = 'Other node' WHERE \"Id\" = 'st_race'", otherNode, transaction))
        {
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }
        ours.Title = "Ours";
        ours.MarkEdited(T0.AddSeconds(1));
        var save = Store.SaveAsync(ours, 1, null, CancellationToken.None);
        await WaitUntilASessionWaitsForALockAsync(save);
        await transaction.CommitAsync();

        await Assert.ThrowsAsync<StreamConcurrencyException>(() => save);
        var stored = (await Store.FindAsync("st_race", CancellationToken.None))!;
        Assert.Equal("Other node", stored.Title);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task Times_AreTimestamptzColumns_HoldingTheSameInstants()
    {
        var created = new DateTimeOffset(2026, 5, 17, 10, 11, 12, TimeSpan.Zero).AddTicks(1234560);
        await Store.AddAsync(Stream.Create("st_psql", "Readable", "", Visibility.Public, null, "hash", created), null, CancellationToken.None);

        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT pg_typeof(\"CreateTime\")::text, to_char(\"CreateTime\" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM streams WHERE \"Id\" = 'st_psql'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("timestamp with time zone", reader.GetString(0));
        Assert.Equal("2026-05-17 10:11:12.123456", reader.GetString(1));
    }

    private async Task WaitUntilASessionWaitsForALockAsync(Task save)
    {
        await using var observer = new NpgsqlConnection(_database.ConnectionString);
        await observer.OpenAsync();
        await using var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", observer);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((long)(await waiting.ExecuteScalarAsync(timeout.Token))! == 0)
        {
            Assert.False(save.IsCompleted, "The save finished without waiting for the other node's row lock.");
            await Task.Delay(20, timeout.Token);
        }
    }
}
