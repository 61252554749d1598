using LiveGrpc.Server.Persistence;
using LiveGrpc.Server.Tests.Support;
using LiveGrpc.V1;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveGrpc.Server.Tests.Persistence;

/// <summary>Migrations on every store: <see cref="MigrationOnSqliteTests"/> (plus adopting pre-migration files) and <see cref="MigrationOnPostgreSqlTests"/>.</summary>
public abstract class MigrationTests(StoreProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = null!;

    protected TestDatabase Database => _database;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Migrations_ApplyToAnEmptyDatabase_AndRunningThemAgainChangesNothing()
    {
        await using var server = await ServerHarness.StartAsync(database: _database);
        var (id, _) = await server.CreateStreamAsync("Survives a second migrate");

        var migrator = server.Get<DatabaseMigrator>();
        await migrator.MigrateAsync(CancellationToken.None);
        await migrator.MigrateAsync(CancellationToken.None);

        await using var db = await server.Get<IDbContextFactory<LiveGrpcDbContext>>().CreateDbContextAsync();
        var all = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(all);
        Assert.Equal(all, await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal("Survives a second migrate", (await server.GetAsync(id)).Title);
    }

    [Fact]
    public async Task ANodeThatDoesNotMigrate_RefusesADatabaseThatIsBehind_NamingTheMigrateCommand_ThenStartsOnceMigrated()
    {
        var doNotMigrate = new Dictionary<string, string?> { ["Storage:MigrateOnStartup"] = "false" };
        var refused = await Assert.ThrowsAsync<DatabaseNotReadyException>(() => ServerHarness.StartAsync(doNotMigrate, database: _database));
        Assert.Contains("migrate", refused.Message);
        Assert.Contains("Storage:MigrateOnStartup", refused.Message);

        await using (var migrating = await ServerHarness.StartAsync(database: _database))
        {
            await migrating.CreateStreamAsync("Made after migrating");
        }
        await using var node = await ServerHarness.StartAsync(doNotMigrate, database: _database);
        var listed = await node.CallAsync<ListStreamsRequest, ListStreamsResponse>(node.Streams.ListStreams, new ListStreamsRequest());
        Assert.Equal("Made after migrating", Assert.Single(listed.Streams).Title);
    }
}

public sealed class MigrationOnPostgreSqlTests() : MigrationTests(StoreProvider.PostgreSql)
{
    [Fact]
    public async Task PostgreSql_WithoutAConnectionString_FailsValidation_NamingTheSetting()
    {
        var invalid = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            ServerHarness.StartAsync(new() { ["Storage:Provider"] = "PostgreSql" }));
        Assert.Contains("ConnectionStrings:LiveGrpc", Assert.Single(invalid.Failures));
    }
}

public sealed class MigrationOnSqliteTests() : MigrationTests(StoreProvider.Sqlite)
{
    private const string LegacyStreamId = "st_44a30388c6d2";
    private const string LegacyHostSecret = "lgs_eoYyi40utVfo6WzvBrjiIRwcsOhk6RkNGVsKu5B7X3Q";

    [Fact]
    public async Task ADatabaseCreatedBeforeMigrations_IsAdoptedAsTheInitialMigration_AndKeepsItsStreamsHistoryAndSecrets()
    {
        await ExecuteAsync(Database.ConnectionString, await File.ReadAllTextAsync(FixturePath));

        await using var server = await ServerHarness.StartAsync(database: Database);

        var stream = await server.GetAsync(LegacyStreamId);
        Assert.Equal("Café Legacy", stream.Title);
        Assert.Equal(4, stream.Version);
        var history = (await server.CallAsync<ListBroadcastsRequest, ListBroadcastsResponse>(
            server.Streams.ListBroadcasts, new ListBroadcastsRequest { StreamId = LegacyStreamId })).Broadcasts;
        Assert.Equal(EndReason.HostStopped, Assert.Single(history).EndReason);
        var found = await server.CallAsync<ListStreamsRequest, ListStreamsResponse>(server.Streams.ListStreams, new ListStreamsRequest { TitleQuery = "café" });
        Assert.Equal(LegacyStreamId, Assert.Single(found.Streams).Id);
        // The stored secret hash still authorizes its host, and writes go through.
        var started = await server.StartAsync(LegacyStreamId, LegacyHostSecret);
        Assert.Equal(StreamStatus.Starting, started.Stream.Status);
        Assert.Equal(5, started.Stream.Version);

        await using var db = await server.Get<IDbContextFactory<LiveGrpcDbContext>>().CreateDbContextAsync();
        Assert.Equal([db.Database.GetMigrations().First()], await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task TheInitialMigration_CreatesExactlyTheSchemaThatEnsureCreatedDid()
    {
        // Adopting an old file as "at the initial migration" is only sound if the two schemas are the same.
        await using var legacy = await TestDatabase.CreateAsync(StoreProvider.Sqlite);
        await ExecuteAsync(legacy.ConnectionString, await File.ReadAllTextAsync(FixturePath));
        await using (await ServerHarness.StartAsync(database: Database))
        {
        }

        var migrated = await SchemaAsync(Database.ConnectionString);
        Assert.Equal(5 + 3, migrated.Count); // three tables, five indexes
        Assert.Equal(await SchemaAsync(legacy.ConnectionString), migrated);
    }

    [Fact]
    public async Task ADatabaseWithOnlySomeOfTheTables_AndNoHistory_IsRefusedRatherThanGuessedAt()
    {
        await ExecuteAsync(Database.ConnectionString, "CREATE TABLE \"streams\" (\"Id\" TEXT NOT NULL PRIMARY KEY);");

        var refused = await Assert.ThrowsAsync<DatabaseNotReadyException>(() => ServerHarness.StartAsync(database: Database));
        Assert.Contains("no migration history", refused.Message);
    }

    private static string FixturePath => Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures", "livegrpc-before-migrations.sql");

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>LiveGrpc's tables and indexes as SQLite stores them (EF's own bookkeeping tables left out).</summary>
    private static async Task<List<string>> SchemaAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT type || ' ' || name || ': ' || sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE '\\_\\_EF%' ESCAPE '\\' ORDER BY type, name";
        var schema = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            schema.Add(reader.GetString(0));
        }
        return schema;
    }
}
