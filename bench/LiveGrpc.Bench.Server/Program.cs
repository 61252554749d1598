using System.Buffers.Binary;
using Google.Protobuf;
using LiveGrpc.Bench.Server;
using LiveGrpc.Bench.V1;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// Usage: LiveGrpc.Bench.Server --port N   (h2c on 127.0.0.1)
var port = args.Length >= 2 && args[0] == "--port" ? int.Parse(args[1]) : 5199;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port, o => o.Protocols = HttpProtocols.Http2));
builder.Services.AddGrpc();
builder.Services.AddSingleton<EchoService>();

var app = builder.Build();
app.MapGrpcService<EchoService>();

// The baseline: what the same response costs with no gRPC layer at all.
var reply = new EchoResponse { Text = "pong" }.ToByteArray();
var framed = new byte[5 + reply.Length];
BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)reply.Length);
reply.CopyTo(framed, 5);
app.MapPost("/bare", async http =>
{
    // Drain the request like a real handler must.
    while (true)
    {
        var read = await http.Request.BodyReader.ReadAsync();
        http.Request.BodyReader.AdvanceTo(read.Buffer.End);
        if (read.IsCompleted) break;
    }
    http.Response.ContentType = "application/grpc";
    await http.Response.BodyWriter.WriteAsync(framed);
    http.Response.AppendTrailer("grpc-status", "0");
});

await app.StartAsync();
Console.WriteLine($"listening on http://127.0.0.1:{port}");
await app.WaitForShutdownAsync();
