using Microsoft.Data.Sqlite;
using Npgsql;

namespace LiveGrpc.Server.Tests.Support;

/// <summary>
/// A fresh, empty database for one test on one provider, dropped (or deleted) on dispose. The
/// PostgreSQL ones are created on the throwaway server that <c>scripts/engines.sh</c> starts for
/// <c>./test.sh</c> and names in <c>LIVEGRPC_TEST_POSTGRES</c>; they are never skipped.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "LIVEGRPC_TEST_POSTGRES";

    private readonly Func<Task> _drop;

    private TestDatabase(StoreProvider provider, string connectionString, Func<Task> drop)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _drop = drop;
    }

    public StoreProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The server configuration that points at this database.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Storage:Provider"] = Provider.ToString(),
        ["ConnectionStrings:LiveGrpc"] = ConnectionString,
    };

    /// <summary>The same, as command-line flags for a server process.</summary>
    public string[] Arguments => Settings.Select(setting => $"--{setting.Key}={setting.Value}").ToArray();

    public static Task<TestDatabase> CreateAsync(StoreProvider provider) => provider switch
    {
        StoreProvider.Sqlite => Task.FromResult(CreateSqlite()),
        StoreProvider.PostgreSql => CreatePostgreSqlAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    /// <summary>The superuser connection of the test server, for creating databases and looking inside them.</summary>
    public static string PostgresAdminConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } admin
            ? admin
            : throw new InvalidOperationException(
                $"The PostgreSQL store tests need a PostgreSQL server and {PostgresVariable} is not set. " +
                "Run ./test.sh, or `scripts/engines.sh run dotnet test`: it installs Debian's postgresql if missing and starts a throwaway server on loopback.");

    public async ValueTask DisposeAsync() => await _drop();

    private static TestDatabase CreateSqlite()
    {
        var directory = Path.Combine(Path.GetTempPath(), "livegrpc-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return new TestDatabase(StoreProvider.Sqlite, $"Data Source={Path.Combine(directory, "livegrpc.db")}", () =>
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is harmless.
            }
            return Task.CompletedTask;
        });
    }

    private static async Task<TestDatabase> CreatePostgreSqlAsync()
    {
        var admin = PostgresAdminConnectionString;
        var name = "livegrpc_test_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        return new TestDatabase(StoreProvider.PostgreSql, connectionString, async () =>
        {
            await using (var pooled = new NpgsqlConnection(connectionString))
            {
                NpgsqlConnection.ClearPool(pooled);
            }
            // FORCE ends sessions a test left open (a killed server process, for one).
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        });
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
