using System.Collections.Concurrent;

namespace LiveGrpc.Rpc.Tests.EndToEnd;

/// <summary>How each server handler ended, by report key, so tests can see what the server observed.</summary>
public sealed class CallReports
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _reports = new();

    public void Record(string key, string outcome)
    {
        if (key.Length > 0)
        {
            Slot(key).TrySetResult(outcome);
        }
    }

    /// <summary>The handler's outcome ("completed" or "cancelled"); fails the test if it does not end in time.</summary>
    public Task<string> WaitAsync(string key) => Slot(key).Task.WaitAsync(TimeSpan.FromSeconds(10));

    private TaskCompletionSource<string> Slot(string key) =>
        _reports.GetOrAdd(key, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
}
