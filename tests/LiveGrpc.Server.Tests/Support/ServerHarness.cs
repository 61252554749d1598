using Grpc.Core;
using Grpc.Core.Interceptors;
using LiveGrpc.Server.Extensions;
using LiveGrpc.Server.Grpc;
using LiveGrpc.Server.Persistence;
using LiveGrpc.Server.Presence;
using LiveGrpc.Server.Streams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveGrpc.Server.Tests.Support;

/// <summary>
/// The server's real registrations (AddStreams) on a temporary data directory and a manual clock,
/// without Kestrel and without starting the background loops: tests drive deadline checks and
/// viewer-count flushes explicitly, so nothing depends on timing. Calls go through the same
/// exception-mapping and auth interceptors as on the wire.
/// </summary>
public sealed class ServerHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly bool _ownsDirectory;

    private ServerHarness(ServiceProvider services, string dataDirectory, bool ownsDirectory, ManualTimeProvider time)
    {
        _services = services;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        Time = time;
    }

    public string DataDirectory { get; }

    public ManualTimeProvider Time { get; }

    public StreamGrpcService Streams => _services.GetRequiredService<StreamGrpcService>();

    public TokenGrpcService Tokens => _services.GetRequiredService<TokenGrpcService>();

    public StreamLifecycle Lifecycle => _services.GetRequiredService<StreamLifecycle>();

    public IStreamEventBus Bus => _services.GetRequiredService<IStreamEventBus>();

    public IViewerPresence Viewers => _services.GetRequiredService<IViewerPresence>();

    public IPublisherPresence Publishers => _services.GetRequiredService<IPublisherPresence>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>
    /// Starts a harness. Pass <paramref name="dataDirectory"/> and <paramref name="time"/> from a
    /// previous harness to simulate the process restarting on the same data. Without
    /// <paramref name="database"/> the store is the embedded default, SQLite in the data directory;
    /// two harnesses on one <paramref name="database"/> are two nodes sharing it.
    /// </summary>
    public static async Task<ServerHarness> StartAsync(
        Dictionary<string, string?>? settings = null, string? dataDirectory = null, ManualTimeProvider? time = null, TestDatabase? database = null)
    {
        // The last harness on a directory deletes it; a crashed one leaves it for its successor.
        const bool ownsDirectory = true;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "livegrpc-tests", Guid.NewGuid().ToString("N"));
        time ??= new ManualTimeProvider();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Tokens:IssuancePermitsPerSecond"] = "1000",
            ["Tokens:IssuanceBurst"] = "1000",
        });
        if (database is not null)
        {
            builder.Configuration.AddInMemoryCollection(database.Settings);
        }
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.AddStreams();
        var services = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await ActivatorUtilities.CreateInstance<DatabaseInitializer>(services).StartingAsync(CancellationToken.None);
        var harness = new ServerHarness(services, dataDirectory, ownsDirectory, time);
        await harness.Lifecycle.RecoverAfterRestartAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>Runs a unary handler through the interceptors, as a call from <paramref name="bearer"/> would.</summary>
    public Task<TResponse> CallAsync<TRequest, TResponse>(
        Func<TRequest, ServerCallContext, Task<TResponse>> handler, TRequest request, string? bearer = null, string peer = "127.0.0.1")
        where TRequest : class where TResponse : class
    {
        var mapping = ActivatorUtilitiesCreate<ExceptionMappingInterceptor>();
        var auth = ActivatorUtilitiesCreate<AuthInterceptor>();
        var context = new TestCallContext(bearer, peerAddress: peer);
        return mapping.UnaryServerHandler<TRequest, TResponse>(request, context,
            (r, c) => auth.UnaryServerHandler<TRequest, TResponse>(r, c, (r2, c2) => handler(r2, c2)));
    }

    /// <summary>Runs a server-streaming handler through the interceptors until it returns or <paramref name="cancellationToken"/> fires.</summary>
    public Task StreamAsync<TRequest, TResponse>(
        Func<TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler, TRequest request,
        IServerStreamWriter<TResponse> writer, string? bearer, CancellationToken cancellationToken)
        where TRequest : class where TResponse : class
    {
        var mapping = ActivatorUtilitiesCreate<ExceptionMappingInterceptor>();
        var auth = ActivatorUtilitiesCreate<AuthInterceptor>();
        var context = new TestCallContext(bearer, cancellationToken);
        return mapping.ServerStreamingServerHandler<TRequest, TResponse>(request, writer, context,
            (r, w, c) => auth.ServerStreamingServerHandler<TRequest, TResponse>(r, w, c, (r2, w2, c2) => handler(r2, w2, c2)));
    }

    /// <summary>What the viewer-count flush loop does once per push interval.</summary>
    public Task FlushViewerCountsAsync() => Lifecycle.FlushViewerFiguresAsync(CancellationToken.None);

    /// <summary>What the deadline loop does once per check interval.</summary>
    public Task CheckDeadlinesAsync() => Lifecycle.EndDueBroadcastsAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is harmless.
            }
        }
    }

    /// <summary>Disposes the container but keeps the data directory: the "process" died.</summary>
    public async Task CrashAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private T ActivatorUtilitiesCreate<T>() => ActivatorUtilities.CreateInstance<T>(_services);
}
