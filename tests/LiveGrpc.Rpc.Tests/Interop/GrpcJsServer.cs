using System.Diagnostics;

namespace LiveGrpc.Rpc.Tests.Interop;

/// <summary>
/// Runs grpc-js-server.mjs (RpcTestService on @grpc/grpc-js, an independent implementation) as a
/// child process. Needs node and the repository's node_modules (test.sh installs them).
/// </summary>
public sealed class GrpcJsServer : IAsyncLifetime
{
    private Process? _process;

    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var root = RepositoryRoot();
        var script = Path.Combine(root, "tests", "LiveGrpc.Rpc.Tests", "Interop", "grpc-js-server.mjs");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var errors = _process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("listening on ", StringComparison.Ordinal))
            {
                Address = new Uri($"http://127.0.0.1:{int.Parse(line["listening on ".Length..], System.Globalization.CultureInfo.InvariantCulture)}");
                return;
            }
        }
        throw new InvalidOperationException($"grpc-js server exited before listening: {await errors}");
    }

    public async Task DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }
        // Closing stdin asks the script to exit; kill only this child, by its own handle, if it lingers.
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
        _process.Dispose();
    }

    private static string RepositoryRoot()
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
