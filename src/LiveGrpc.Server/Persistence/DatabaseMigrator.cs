using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;

namespace LiveGrpc.Server.Persistence;

/// <summary>
/// Brings the configured database to the newest migration of its provider (Persistence/Migrations/),
/// at start-up or through <c>LiveGrpc.Server migrate</c>. EF Core holds a database lock while it
/// migrates, so nodes starting together on one PostgreSQL database apply each migration once.
/// </summary>
public sealed class DatabaseMigrator(IDbContextFactory<LiveGrpcDbContext> contexts, IOptions<StorageOptions> storage, ILogger<DatabaseMigrator> logger)
{
    /// <summary>The tables of the schema that versions before migrations created with EnsureCreated.</summary>
    private static readonly string[] EnsureCreatedTables = ["broadcasts", "create_requests", "streams"];

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await WithClearErrorsAsync(async () =>
        {
            await AdoptEnsureCreatedSchemaAsync(db, cancellationToken).ConfigureAwait(false);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            if (pending.Count > 0)
            {
                logger.LogInformation("Applied database migrations: {Migrations}", string.Join(", ", pending));
            }
            await UseWriteAheadLogAsync(db, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        logger.LogInformation("Database ({Provider}) is at migration {Migration}", Provider, db.Database.GetMigrations().Last());
    }

    /// <summary>For nodes that do not migrate: refuses a database that is behind, naming the command that fixes it.</summary>
    public async Task EnsureUpToDateAsync(CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await WithClearErrorsAsync(async () =>
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
            if (pending.Count > 0)
            {
                throw new DatabaseNotReadyException(
                    $"the {Provider} database lacks migrations {string.Join(", ", pending)} and Storage:MigrateOnStartup is false; " +
                    "apply them once with `LiveGrpc.Server migrate` (from a checkout: dotnet run --project src/LiveGrpc.Server -- migrate).");
            }
            await UseWriteAheadLogAsync(db, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private string Provider => storage.Value.UsesPostgreSql ? "PostgreSQL" : "SQLite";

    private async Task<LiveGrpcDbContext> OpenAsync(CancellationToken cancellationToken)
    {
        if (!storage.Value.UsesPostgreSql && string.IsNullOrWhiteSpace(storage.Value.ConnectionString))
        {
            Directory.CreateDirectory(storage.Value.ResolveDataDirectory());
        }
        return await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A SQLite database made by a version before migrations has the initial migration's tables
    /// but no history. Recording it as already at the initial migration (rather than letting
    /// Migrate fail on "table already exists") keeps it working; Persistence tests check that the
    /// initial migration creates exactly that schema.
    /// </summary>
    private async Task AdoptEnsureCreatedSchemaAsync(LiveGrpcDbContext db, CancellationToken cancellationToken)
    {
        if (db is not SqliteLiveGrpcDbContext)
        {
            return; // PostgreSQL support arrived with migrations: no such databases exist.
        }
        var history = db.GetService<IHistoryRepository>();
        if (await history.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        var tables = await db.Database
            .SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name IN ('broadcasts', 'create_requests', 'streams') ORDER BY name")
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (tables.Count == 0)
        {
            return;
        }
        if (!tables.SequenceEqual(EnsureCreatedTables))
        {
            throw new DatabaseNotReadyException(
                $"the SQLite database has some of LiveGrpc's tables ({string.Join(", ", tables)}) but no migration history, so its schema is unknown; " +
                "move it aside and start again, or restore it from a backup.");
        }
        var initial = db.Database.GetMigrations().First();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(initial, ProductInfo.GetVersion())), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Adopted a database created before migrations as migration {Migration}", initial);
    }

    /// <summary>WAL lets SQLite readers proceed while a writer commits (the setting persists in the file).</summary>
    private static async Task UseWriteAheadLogAsync(LiveGrpcDbContext db, CancellationToken cancellationToken)
    {
        if (db is SqliteLiveGrpcDbContext)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>An unreachable server or a refused login is an operator's problem: one readable line, not a stack trace.</summary>
    private async Task WithClearErrorsAsync(Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (DbException failure)
        {
            var detail = failure.InnerException is { } inner ? $"{failure.Message} ({inner.Message})" : failure.Message;
            throw new DatabaseNotReadyException($"cannot use the {Provider} database: {detail}", failure);
        }
    }
}
