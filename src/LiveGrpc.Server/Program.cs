using LiveGrpc.Server.Extensions;
using LiveGrpc.Server.Persistence;
using LiveGrpc.Server.Web;
using Microsoft.Extensions.Options;

// `LiveGrpc.Server migrate [--setting=value ...]` applies the database migrations and exits.
var migrateOnly = args is ["migrate", ..];
var builder = WebApplication.CreateBuilder(migrateOnly ? args[1..] : args);
builder.AddLiveGrpcHosting();
builder.AddStreams();
builder.AddStreamHub();
builder.AddCluster();

try
{
    var app = builder.Build();
    if (migrateOnly)
    {
        return await app.MigrateDatabaseAsync();
    }
    app.UseLiveGrpcHosting();
    app.MapStreams();
    app.MapStreamHub();
    app.MapWebClient();
    app.Run();
    return 0;
}
catch (OptionsValidationException invalid)
{
    // A person mistyped a setting: say which, without a stack trace.
    Console.Error.WriteLine($"LiveGrpc cannot start, the configuration is invalid: {string.Join(" ", invalid.Failures)}");
    return 2;
}
catch (DatabaseNotReadyException notReady)
{
    Console.Error.WriteLine($"LiveGrpc cannot start: {notReady.Message}");
    return 1;
}
catch (LiveGrpc.Server.Cluster.RedisNotReadyException notReady)
{
    Console.Error.WriteLine($"LiveGrpc cannot start: {notReady.Message}");
    return 1;
}

/// <summary>Entry point; public so WebApplicationFactory-based tests can host the app.</summary>
public partial class Program;
