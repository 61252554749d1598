using LiveGrpc.Server.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LiveGrpc.Server.Health;

/// <summary>
/// Ready while the database can be opened and read. SQLite: its own unpooled connection that may
/// not create the file (pooled connections keep a deleted or replaced database file open and would
/// report a lost volume as healthy). PostgreSQL: a fresh connection to ConnectionStrings:LiveGrpc.
/// </summary>
public sealed class StoreHealthCheck(IOptions<StorageOptions> storage) : IHealthCheck
{
    public const string Name = "store";

    private const string Probe = "SELECT 1 FROM streams LIMIT 1";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        storage.Value.UsesPostgreSql ? CheckPostgreSqlAsync(cancellationToken) : CheckSqliteAsync(cancellationToken);

    private async Task<HealthCheckResult> CheckSqliteAsync(CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = storage.Value.DatabasePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString();
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = Probe;
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (SqliteException ex)
        {
            return HealthCheckResult.Unhealthy($"The database {storage.Value.DatabasePath} cannot be read: {ex.Message}");
        }
    }

    private async Task<HealthCheckResult> CheckPostgreSqlAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(storage.Value.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(Probe, connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The message names the failure (refused, authentication, missing table), never the password.
            return HealthCheckResult.Unhealthy($"The PostgreSQL database cannot be read: {ex.Message}");
        }
    }
}
