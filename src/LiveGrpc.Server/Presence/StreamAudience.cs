namespace LiveGrpc.Server.Presence;

/// <summary>One stream's watchers; not thread-safe (guarded by <see cref="ViewerPresence"/>).</summary>
internal sealed class StreamAudience
{
    private readonly Dictionary<string, int> _connectionsBySession = new(StringComparer.Ordinal);
    private HashSet<string>? _broadcastSessions;
    private int _baseTotal;
    private int _peak;

    public int ViewerCount => _connectionsBySession.Count;

    public ViewerFigures Figures => _broadcastSessions is null
        ? new ViewerFigures(ViewerCount, 0, 0)
        : new ViewerFigures(ViewerCount, _peak, _baseTotal + _broadcastSessions.Count);

    public bool IsIdle => _connectionsBySession.Count == 0 && _broadcastSessions is null;

    /// <summary>True when the session is new (the count changed).</summary>
    public bool Join(string sessionId)
    {
        _connectionsBySession.TryGetValue(sessionId, out var connections);
        _connectionsBySession[sessionId] = connections + 1;
        if (connections > 0)
        {
            return false;
        }
        if (_broadcastSessions is not null)
        {
            _broadcastSessions.Add(sessionId);
            _peak = Math.Max(_peak, ViewerCount);
        }
        return true;
    }

    /// <summary>True when the session's last connection left (the count changed).</summary>
    public bool Leave(string sessionId)
    {
        if (!_connectionsBySession.TryGetValue(sessionId, out var connections))
        {
            return false;
        }
        if (connections > 1)
        {
            _connectionsBySession[sessionId] = connections - 1;
            return false;
        }
        _connectionsBySession.Remove(sessionId);
        return true;
    }

    public void BeginBroadcast(int basePeak, int baseTotal)
    {
        _broadcastSessions = new HashSet<string>(_connectionsBySession.Keys, StringComparer.Ordinal);
        _baseTotal = baseTotal;
        _peak = Math.Max(basePeak, ViewerCount);
    }

    public void EndBroadcast()
    {
        _broadcastSessions = null;
        _baseTotal = 0;
        _peak = 0;
    }
}
