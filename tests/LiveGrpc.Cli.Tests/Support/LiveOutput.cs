using System.Text;

namespace LiveGrpc.Cli.Tests.Support;

/// <summary>
/// A thread-safe text sink that tests can wait on: a running `watch` writes to it from its own
/// task while the test waits for a line to appear.
/// </summary>
public sealed class LiveOutput : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly object _gate = new();
    private TaskCompletionSource _changed = NewSignal();

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get { lock (_gate) { return _text.ToString(); } }
    }

    public override void Write(char value)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _text.Append(value);
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        TaskCompletionSource changed;
        lock (_gate)
        {
            _text.Append(value);
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
    }

    public override void WriteLine(string? value) => Write(value + "\n");

    /// <summary>Waits until the text so far satisfies <paramref name="condition"/>; fails with the text seen.</summary>
    public async Task WaitForAsync(Func<string, bool> condition, string what, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (condition(_text.ToString()))
                {
                    return;
                }
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {timeout.TotalSeconds}s waiting for {what}. Output so far:\n{Text}");
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
