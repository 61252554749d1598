using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
/// RpcTestService on a real Kestrel socket at 127.0.0.1: an HTTP/2-only port for gRPC (h2c),
/// an HTTP/1.1 port for gRPC-Web and a TLS port (HTTP/2 via ALPN, self-signed certificate),
/// all on free ports. Shared by the end-to-end tests.
/// </summary>
public sealed class TestServer : IAsyncLifetime
{
    private WebApplication? _app;
    private ListenOptions? _grpc;
    private ListenOptions? _web;
    private ListenOptions? _tls;

    public CallReports Reports { get; } = new();

    public Uri GrpcAddress => new($"http://127.0.0.1:{_grpc!.IPEndPoint!.Port}");

    public Uri WebAddress => new($"http://127.0.0.1:{_web!.IPEndPoint!.Port}");

    public Uri TlsAddress => new($"https://127.0.0.1:{_tls!.IPEndPoint!.Port}");

    /// <summary>The TLS port's self-signed certificate, for clients to pin.</summary>
    public X509Certificate2 Certificate { get; } = CreateCertificate();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => { listen.Protocols = HttpProtocols.Http2; _grpc = listen; });
            kestrel.Listen(IPAddress.Loopback, 0, listen => { listen.Protocols = HttpProtocols.Http1; _web = listen; });
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(Certificate);
                _tls = listen;
            });
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

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
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
