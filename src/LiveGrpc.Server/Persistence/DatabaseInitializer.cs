using Microsoft.Extensions.Options;

namespace LiveGrpc.Server.Persistence;

/// <summary>
/// Readies the database before anything else starts (hosted services start in registration
/// order): migrates it (<c>Storage:MigrateOnStartup</c>, the default) or checks that a separate
/// <c>migrate</c> run already did.
/// </summary>
public sealed class DatabaseInitializer(DatabaseMigrator migrator, IOptions<StorageOptions> storage, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (storage.Value.MigrateOnStartup)
        {
            await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await migrator.EnsureUpToDateAsync(cancellationToken).ConfigureAwait(false);
        }
        logger.LogInformation("Data directory: {DataDirectory}", storage.Value.ResolveDataDirectory());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
