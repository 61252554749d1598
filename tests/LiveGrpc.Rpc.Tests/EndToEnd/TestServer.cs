using System.Net;
using LiveGrpc.Rpc.Client;
using LiveGrpc.Rpc.Server;
using LiveGrpc.Rpc.Tests.Protos;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiveGrpc.Rpc.Tests.EndToEnd;

/// <summary>
/// RpcTestService on a real Kestrel socket at 127.0.0.1: an HTTP/2-only port for gRPC (h2c)
/// and an HTTP/1.1 port for gRPC-Web, both on free ports. Shared by the end-to-end tests.
/// </summary>
public sealed class TestServer : IAsyncLifetime
{
    private WebApplication? _app;
    private ListenOptions? _grpc;
    private ListenOptions? _web;

    public CallReports Reports { get; } = new();

    public Uri GrpcAddress => new($"http://127.0.0.1:{_grpc!.IPEndPoint!.Port}");

    public Uri WebAddress => new($"http://127.0.0.1:{_web!.IPEndPoint!.Port}");

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => { listen.Protocols = HttpProtocols.Http2; _grpc = listen; });
            kestrel.Listen(IPAddress.Loopback, 0, listen => { listen.Protocols = HttpProtocols.Http1; _web = listen; });
        });
        builder.Services.AddRouting();
        builder.Services.AddGrpcServer();
        builder.Services.AddSingleton(Reports);
        builder.Services.AddSingleton<RpcTestServiceImpl>();
        _app = builder.Build();
        _app.MapGrpcService<RpcTestServiceImpl>(RpcTestReflection.Descriptor.Services[0]);
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public RpcChannel Channel(Action<RpcChannelOptions>? configure = null)
    {
        var options = new RpcChannelOptions();
        configure?.Invoke(options);
        return RpcChannel.ForAddress(options.GrpcWeb ? WebAddress : GrpcAddress, options);
    }
}

[CollectionDefinition(Name)]
public sealed class TestServerCollection : ICollectionFixture<TestServer>
{
    public const string Name = "Kestrel test server";
}
