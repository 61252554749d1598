using System.Collections.Concurrent;

namespace LiveGrpc.TwilioStandIn.Control;

/// <summary>One REST request the stand-in received, with the status it answered.</summary>
/// <param name="PathTemplate">The description's path (/v1/Rooms/{Sid}); null when no route matched.</param>
/// <param name="Fault">The injected fault that shaped the answer, if any.</param>
/// <param name="User">The Basic-auth user (an AC or SK SID), never the secret.</param>
public sealed record RecordedRequest(
    DateTimeOffset Time,
    string Method,
    string Path,
    string? PathTemplate,
    string? OperationId,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Form,
    int Status,
    string? Fault,
    string? User)
{
    /// <summary>The last value of a form parameter, or null.</summary>
    public string? FormValue(string name) => Form.LastOrDefault(p => p.Key == name).Value;
}

/// <summary>Every REST request in arrival order, so tests can count calls (e.g. PlaybackGrant requests).</summary>
internal sealed class RequestLog
{
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    public void Add(RecordedRequest request) => requests.Enqueue(request);

    public IReadOnlyList<RecordedRequest> Snapshot() => [.. requests];

    public void Clear() => requests.Clear();
}
