using LiveGrpc.Server.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LiveGrpc.Server.Health;

/// <summary>
/// Ready while the SQLite database can be opened and read. Uses its own unpooled connection that
/// may not create the file: pooled connections keep a deleted or replaced database file open and
/// would report a lost volume as healthy.
/// </summary>
public sealed class StoreHealthCheck(IOptions<StorageOptions> storage) : IHealthCheck
{
    public const string Name = "store";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
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
            command.CommandText = "SELECT 1 FROM streams LIMIT 1";
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (SqliteException ex)
        {
            return HealthCheckResult.Unhealthy($"The database {storage.Value.DatabasePath} cannot be read: {ex.Message}");
        }
    }
}
