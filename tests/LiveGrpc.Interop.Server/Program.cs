using System.Globalization;
using System.Net;
using LiveGrpc.Interop;
using LiveGrpc.Rpc.Health;
using LiveGrpc.Rpc.Reflection;
using LiveGrpc.Rpc.Server;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// gRPC interop server: grpc.testing.TestService on LiveGrpc.Rpc over h2c at 127.0.0.1.
//   --port N                        port to listen on (0 picks a free one; default 0)
//   --max_receive_message_size N    largest request message accepted (default 4 MiB)
//   --use_tls false                 accepted for interop runners; TLS is not offered here
// Prints "listening on http://127.0.0.1:PORT" once it accepts calls.

var port = 0;
int? maxReceive = null;
for (var i = 0; i < args.Length; i++)
{
    var (name, value) = SplitArgument(args, ref i);
    switch (name)
    {
        case "port":
            port = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "max_receive_message_size":
        case "max-receive-message-size":
            maxReceive = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "use_tls":
        case "use-tls":
            if (bool.Parse(value))
            {
                Console.Error.WriteLine("--use_tls=true is not supported by this interop server; it serves h2c only.");
                return 2;
            }
            break;
        default:
            Console.Error.WriteLine($"Unknown argument --{name}. Usage: --port N [--max_receive_message_size N] [--use_tls false]");
            return 2;
    }
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
    kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddRouting();
builder.Services.AddGrpcServer(options =>
{
    if (maxReceive is { } limit)
    {
        options.MaxReceiveMessageSize = limit;
    }
});
builder.Services.AddGrpcHealthService();
builder.Services.AddSingleton<CallReports>();
builder.Services.AddSingleton<TestServiceImpl>();
builder.Services.AddSingleton<ExtrasServiceImpl>();

var app = builder.Build();
app.MapGrpcService<TestServiceImpl>(Grpc.Testing.TestReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("TestService"));
app.MapGrpcService<ExtrasServiceImpl>(LiveGrpc.Interop.V1.ExtrasReflection.Descriptor.Services[0]);
app.MapGrpcHealthService();
app.MapGrpcReflectionService();

var health = app.Services.GetRequiredService<HealthStatusRegistry>();
health.SetStatus("grpc.testing.TestService", Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving);
health.SetStatus("livegrpc.interop.v1.ExtrasService", Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving);

await app.StartAsync().ConfigureAwait(false);
var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
foreach (var address in addresses)
{
    Console.WriteLine($"listening on {address}");
}
await app.WaitForShutdownAsync().ConfigureAwait(false);
return 0;

static (string Name, string Value) SplitArgument(string[] args, ref int i)
{
    var arg = args[i];
    if (!arg.StartsWith("--", StringComparison.Ordinal))
    {
        throw new ArgumentException($"Unexpected argument \"{arg}\".");
    }
    var body = arg[2..];
    var eq = body.IndexOf('=', StringComparison.Ordinal);
    if (eq >= 0)
    {
        return (body[..eq], body[(eq + 1)..]);
    }
    if (i + 1 >= args.Length)
    {
        throw new ArgumentException($"--{body} needs a value.");
    }
    return (body, args[++i]);
}
