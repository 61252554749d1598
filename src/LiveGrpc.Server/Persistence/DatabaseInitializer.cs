using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveGrpc.Server.Persistence;

/// <summary>
/// Creates the data directory and schema before anything else starts. The schema is created
/// with EnsureCreated (no migrations yet: the first release defines the baseline); WAL lets
/// readers proceed while a writer commits. Runs in StartingAsync, which the host completes for
/// every hosted service before any StartAsync: restart recovery, health publishing and the web
/// server all find the database ready, whatever order they were registered in.
/// </summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<LiveGrpcDbContext> contexts, IOptions<StorageOptions> storage, ILogger<DatabaseInitializer> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(storage.Value.ResolveDataDirectory());
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Data directory: {DataDirectory}", storage.Value.ResolveDataDirectory());
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
