using Microsoft.Extensions.Options;

namespace LiveGrpc.Server.Persistence;

/// <summary>
/// Readies the database before anything else starts: migrates it (<c>Storage:MigrateOnStartup</c>,
/// the default) or checks that a separate <c>migrate</c> run already did. Runs in StartingAsync,
/// which the host completes for every hosted service before any StartAsync: restart recovery,
/// health publishing and the web server all find the database ready, whatever order they were
/// registered in.
/// </summary>
public sealed class DatabaseInitializer(DatabaseMigrator migrator, IOptions<StorageOptions> storage, ILogger<DatabaseInitializer> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
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

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
