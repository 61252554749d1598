using LiveGrpc.Server.Persistence;
using LiveGrpc.Server.Streams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveGrpc.Server.Extensions;

public static class PersistenceExtensions
{
    /// <summary>The SQLite store in <c>Storage:DataDirectory</c>, its schema created at start-up.</summary>
    public static IHostApplicationBuilder AddPersistence(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddPooledDbContextFactory<LiveGrpcDbContext>((services, options) =>
            options.UseSqlite($"Data Source={services.GetRequiredService<IOptions<StorageOptions>>().Value.DatabasePath}"));
        builder.Services.AddSingleton<IStreamStore, EfStreamStore>();
        // Every SQL statement at Information drowns the log; failures still surface as warnings.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
        // Ready before any hosted service starts (see DatabaseInitializer.StartingAsync).
        builder.Services.AddHostedService<DatabaseInitializer>();
        return builder;
    }
}
