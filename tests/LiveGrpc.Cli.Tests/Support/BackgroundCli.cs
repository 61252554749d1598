using LiveGrpc.Cli;

namespace LiveGrpc.Cli.Tests.Support;

/// <summary>
/// A long-running CLI invocation (`watch`) on its own task, with live output to wait on and a
/// cancellation that stands in for Ctrl-C (Program cancels the same token on SIGINT).
/// </summary>
public sealed class BackgroundCli : IAsyncDisposable
{
    private readonly CancellationTokenSource _interrupt = new();
    private readonly Task<int> _run;

    public BackgroundCli(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        _run = Task.Run(() => CliApp.RunAsync(args, CliRunner.Environment(Out, Error, environment), _interrupt.Token));
    }

    public LiveOutput Out { get; } = new();

    public LiveOutput Error { get; } = new();

    public Task<int> Completion => _run;

    /// <summary>Ctrl-C, then the exit code; fails if the command does not end promptly.</summary>
    public async Task<int> InterruptAsync()
    {
        await _interrupt.CancelAsync();
        return await _run.WaitAsync(TimeSpan.FromSeconds(15));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await _interrupt.CancelAsync();
            try
            {
                await _run.WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                // The test already failed on its own assertion; don't mask it.
            }
        }
        _interrupt.Dispose();
    }

    public override string ToString() => $"--- stdout\n{Out.Text}\n--- stderr\n{Error.Text}";
}
