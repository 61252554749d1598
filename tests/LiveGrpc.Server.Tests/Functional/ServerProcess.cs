using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LiveGrpc.Server.Tests.Functional;

/// <summary>
/// The real server as a separate process on free 127.0.0.1 ports: Kestrel, h2c, SQLite and all.
/// Killing it is a real crash (no graceful shutdown), which is what restart recovery must survive.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private ServerProcess(Process process, string grpcAddress)
    {
        _process = process;
        GrpcAddress = grpcAddress;
    }

    public string GrpcAddress { get; }

    public int ProcessId => _process.Id;

    public static async Task<ServerProcess> StartAsync(string dataDirectory, params string[] extraArgs)
    {
        var grpcPort = FreePort();
        var webPort = FreePort();
        var serverDll = Path.Combine(AppContext.BaseDirectory, "LiveGrpc.Server.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            serverDll,
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpcPort}",
            "--Kestrel:Endpoints:Grpc:Protocols=Http2",
            $"--Kestrel:Endpoints:Web:Url=http://127.0.0.1:{webPort}",
            $"--Storage:DataDirectory={dataDirectory}",
        }.Concat(extraArgs))
        {
            start.ArgumentList.Add(arg);
        }
        Directory.CreateDirectory(dataDirectory);
        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, $"http://127.0.0.1:{grpcPort}");
        process.OutputDataReceived += (_, e) => server.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnOutput(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(server._ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != server._ready.Task)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException("The server did not start:\n" + server.Output);
        }
        return server;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Kills the process at once, like a crash or power loss.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Add(line);
        }
        // The host prints this banner once Kestrel is listening.
        if (line.Contains("LiveGrpc is up", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    /// <summary>A port the OS just handed out on 127.0.0.1 (free at the time of asking).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
