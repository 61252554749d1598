using LiveGrpc.Server.Extensions;
using LiveGrpc.Server.Web;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.AddLiveGrpcHosting();
builder.AddStreams();
builder.AddStreamHub();

try
{
    var app = builder.Build();
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

/// <summary>Entry point; public so WebApplicationFactory-based tests can host the app.</summary>
public partial class Program;
