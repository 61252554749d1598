using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using LiveGrpc.V1;

namespace LiveGrpc.Server.Tests.Functional;

/// <summary>
/// One TLS port for everything (the README's TLS setup): gRPC over HTTP/2 and gRPC-Web over
/// HTTP/1.1 chosen by ALPN, with Grpc.Net.Client trusting a certificate made for the test.
/// </summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "livegrpc-tls", Guid.NewGuid().ToString("N"));
    private X509Certificate2 _certificate = null!;
    private ServerProcess _server = null!;
    private string _tlsAddress = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var pfx = Path.Combine(_dataDirectory, "cert.pfx");
        await File.WriteAllBytesAsync(pfx, created.Export(X509ContentType.Pfx, "test-password"));
        _certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx, "test-password"), "test-password");

        var port = ServerProcess.FreePort();
        _tlsAddress = $"https://127.0.0.1:{port}";
        _server = await ServerProcess.StartAsync(_dataDirectory,
            $"--Kestrel:Endpoints:Tls:Url={_tlsAddress}",
            $"--Kestrel:Endpoints:Tls:Certificate:Path={pfx}",
            "--Kestrel:Endpoints:Tls:Certificate:Password=test-password");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificate.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    /// <summary>Trusts exactly the test's certificate.</summary>
    private SocketsHttpHandler TrustingHandler()
    {
        var thumbprint = _certificate.Thumbprint;
        return new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint },
        };
    }

    [Fact]
    public async Task Grpc_OverTls_NegotiatesHttp2_ForUnaryAndWatchStream()
    {
        using var client = new StreamClient(_tlsAddress, new GrpcChannelOptions { HttpHandler = TrustingHandler() });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var created = await client.CreateStreamAsync("Secure show");
        using var watch = client.Watch(created.Stream.Id, created.HostSecret, timeout.Token);
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal(created.Stream.Id, watch.ResponseStream.Current.Event.Snapshot.Id);
    }

    [Fact]
    public async Task GrpcWeb_OverHttp1_OnTheSameTlsPort()
    {
        using var client = new StreamClient(_tlsAddress, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, TrustingHandler()),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });

        var created = await client.CreateStreamAsync("Browser over TLS");
        Assert.Equal("Browser over TLS", (await client.GetStreamAsync(created.Stream.Id)).Stream.Title);

        var missing = await Assert.ThrowsAsync<RpcException>(() => client.GetStreamAsync("st_000000000000"));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    /// <summary>Grpc.Net.Client reports a failed TLS handshake as INTERNAL (no retry would cure it), naming the cause.</summary>
    [Fact]
    public async Task AnUntrustedCertificate_FailsTheCall_NamingTheTlsFailure()
    {
        using var client = new StreamClient(_tlsAddress);

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.GetStreamAsync("st_000000000000"));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Contains("SSL connection could not be established", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClosedPort_IsUnavailable()
    {
        using var client = new StreamClient($"http://127.0.0.1:{ServerProcess.FreePort()}");

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.GetStreamAsync("st_000000000000"));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }
}
