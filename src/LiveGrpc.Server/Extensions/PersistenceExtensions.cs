using LiveGrpc.Server.Persistence;
using LiveGrpc.Server.Streams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveGrpc.Server.Extensions;

public static class PersistenceExtensions
{
    /// <summary>
    /// The stream store on the provider named by <c>Storage:Provider</c>: SQLite in
    /// <c>Storage:DataDirectory</c> (default) or PostgreSQL at <c>ConnectionStrings:LiveGrpc</c>,
    /// migrated at start-up unless <c>Storage:MigrateOnStartup</c> is false.
    /// </summary>
    public static IHostApplicationBuilder AddPersistence(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = configuration.GetConnectionString(StorageOptions.ConnectionStringName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Both are registered; only the configured one is ever resolved (and configured).
        builder.Services.AddPooledDbContextFactory<SqliteLiveGrpcDbContext>((services, options) =>
            options.UseSqlite(Storage(services).SqliteConnectionString));
        builder.Services.AddPooledDbContextFactory<PostgreSqlLiveGrpcDbContext>((services, options) =>
            options.UseNpgsql(Storage(services).ConnectionString));
        builder.Services.AddSingleton<IDbContextFactory<LiveGrpcDbContext>>(services => Storage(services).UsesPostgreSql
            ? new ProviderContextFactory<PostgreSqlLiveGrpcDbContext>(services.GetRequiredService<IDbContextFactory<PostgreSqlLiveGrpcDbContext>>())
            : new ProviderContextFactory<SqliteLiveGrpcDbContext>(services.GetRequiredService<IDbContextFactory<SqliteLiveGrpcDbContext>>()));
        builder.Services.AddSingleton<IStreamStore, EfStreamStore>();
        builder.Services.AddSingleton<DatabaseMigrator>();
        // Every SQL statement at Information drowns the log; failures still surface as warnings.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
        // Ready before any hosted service starts (see DatabaseInitializer.StartingAsync).
        builder.Services.AddHostedService<DatabaseInitializer>();
        return builder;
    }

    /// <summary>
    /// <c>LiveGrpc.Server migrate</c>: brings the database to the newest migration and exits, for
    /// deployments that migrate once before starting several nodes with Storage:MigrateOnStartup=false.
    /// </summary>
    public static async Task<int> MigrateDatabaseAsync(this IHost app)
    {
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    private static StorageOptions Storage(IServiceProvider services) => services.GetRequiredService<IOptions<StorageOptions>>().Value;
}
