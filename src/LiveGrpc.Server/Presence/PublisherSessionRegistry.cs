namespace LiveGrpc.Server.Presence;

/// <summary>
/// Which streams have a connected publisher session. Plain bookkeeping with no dependencies, so
/// the lifecycle can ask <see cref="IsConnected"/> while <see cref="PublisherPresence"/> tells
/// the lifecycle about changes.
/// </summary>
public sealed class PublisherSessionRegistry : IPublisherSessions
{
    private readonly Dictionary<string, Dictionary<string, int>> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    // One node: every session's departure is reported here, and nothing survives a restart.
    public bool IsClusterWide => false;

    public bool IsSettled => true;

    ValueTask<bool> IPublisherSessions.IsConnectedAsync(string streamId, CancellationToken cancellationToken) => ValueTask.FromResult(IsConnected(streamId));

    ValueTask IPublisherSessions.AddAsync(string streamId, string sessionId, CancellationToken cancellationToken)
    {
        Add(streamId, sessionId);
        return ValueTask.CompletedTask;
    }

    ValueTask IPublisherSessions.RemoveAsync(string streamId, string sessionId)
    {
        Remove(streamId, sessionId);
        return ValueTask.CompletedTask;
    }

    public bool IsConnected(string streamId)
    {
        lock (_gate)
        {
            return _sessions.ContainsKey(streamId);
        }
    }

    public void Add(string streamId, string sessionId)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(streamId, out var sessions))
            {
                sessions = new Dictionary<string, int>(StringComparer.Ordinal);
                _sessions[streamId] = sessions;
            }
            sessions.TryGetValue(sessionId, out var connections);
            sessions[sessionId] = connections + 1;
        }
    }

    public void Remove(string streamId, string sessionId)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(streamId, out var sessions) || !sessions.TryGetValue(sessionId, out var connections))
            {
                return;
            }
            if (connections > 1)
            {
                sessions[sessionId] = connections - 1;
                return;
            }
            sessions.Remove(sessionId);
            if (sessions.Count == 0)
            {
                _sessions.Remove(streamId);
            }
        }
    }
}
