namespace LiveGrpc.Server.Presence;

/// <summary>
/// Which streams have a connected publisher session. Plain bookkeeping with no dependencies, so
/// the lifecycle can ask <see cref="IsConnected"/> while <see cref="PublisherPresence"/> tells
/// the lifecycle about changes.
/// </summary>
public sealed class PublisherSessionRegistry
{
    private readonly Dictionary<string, Dictionary<string, int>> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

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
