using System.Diagnostics;

namespace LiveGrpc.Cli.Tests.Support;

/// <summary>
/// The built `livegrpc` executable as a child process, for what only a real process shows: that a
/// SIGINT (Ctrl-C) from the terminal ends `watch` cleanly with exit code 0.
/// </summary>
public sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;

    public CliProcess(params string[] args)
    {
        var dll = Path.Combine(ServerProcess.RepositoryRoot(), "src", "LiveGrpc.Cli", "bin", "Debug", "net10.0", "livegrpc.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // The machine's own settings must not steer the test.
        start.Environment.Remove("LIVEGRPC_SERVER");
        start.Environment.Remove("LIVEGRPC_HOST_SECRET");
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) Out.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Error.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public LiveOutput Out { get; } = new();

    public LiveOutput Error { get; } = new();

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does, and returns the exit code.</summary>
    public async Task<int> InterruptAsync(TimeSpan timeout)
    {
        // kill(1) rather than P/Invoke: Process.Kill only sends SIGKILL.
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        // WaitForExitAsync returns at exit; the redirected streams may still be draining.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
