using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LiveGrpc.Cli.Tests.Support;

/// <summary>
/// The real LiveGrpc server as a separate process (the built LiveGrpc.Server.dll) on free loopback
/// ports with its own temporary data directory. Shared by the end-to-end tests through a collection fixture.
/// </summary>
public sealed class ServerProcess : IAsyncLifetime
{
    private readonly LiveOutput _log = new();
    private Process? _process;
    private string _serverDll = "";
    private int _webPort;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "livegrpc-cli-tests-" + Guid.NewGuid().ToString("N"));

    public string GrpcAddress { get; private set; } = "";

    public string Log => _log.Text;

    public async Task InitializeAsync()
    {
        _serverDll = Path.Combine(RepositoryRoot(), "src", "LiveGrpc.Server", "bin", "Debug", "net10.0", "LiveGrpc.Server.dll");
        if (!File.Exists(_serverDll))
        {
            throw new InvalidOperationException($"{_serverDll} is missing; build the solution first.");
        }
        Directory.CreateDirectory(DataDirectory);
        GrpcAddress = $"http://127.0.0.1:{FreePort()}";
        _webPort = FreePort();
        await StartProcessAsync();
    }

    /// <summary>Kills the server (as a crash would) and starts it again on the same ports and data directory.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        await StartProcessAsync();
    }

    private async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = DataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            _serverDll,
            $"--Kestrel:Endpoints:Grpc:Url={GrpcAddress}",
            "--Kestrel:Endpoints:Grpc:Protocols=Http2",
            $"--Kestrel:Endpoints:Web:Url=http://127.0.0.1:{_webPort}",
            $"--Storage:DataDirectory={Path.Combine(DataDirectory, "data")}",
            // Quicker viewer-count pushes keep the tests short; the behaviour is the same.
            "--Presence:PushInterval=00:00:00.200",
        })
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _log.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _log.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilServingAsync();
    }

    public async Task DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless; failing the run over it is not.
        }
    }

    private async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    private async Task WaitUntilServingAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Log}");
            }
            var probe = await CliRunner.RunAsync("list", "--server", GrpcAddress, "--timeout", "2s");
            if (probe.ExitCode == 0)
            {
                return;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The server did not answer ListStreams within 60 s:\n{Log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LiveGrpc.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("LiveGrpc.sln not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerProcess>
{
    public const string Name = "LiveGrpc server process";
}
