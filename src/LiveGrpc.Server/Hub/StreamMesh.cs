namespace LiveGrpc.Server.Hub;

/// <summary>
/// One stream's Local WebRTC mesh: the host member and the viewers receiving media, by peer id.
/// The cap counts distinct sessions, so a viewer reconnecting with its session id while its old
/// connection is still being noticed as gone is not turned away. Not thread-safe (HubRegistry's lock).
/// </summary>
internal sealed class StreamMesh
{
    private readonly Dictionary<string, int> _connectionsBySession = new(StringComparer.Ordinal);

    public HubMembership? Host { get; set; }

    public Dictionary<string, HubMembership> Viewers { get; } = new(StringComparer.Ordinal);

    public int SessionCount => _connectionsBySession.Count;

    public bool IsEmpty => Host is null && Viewers.Count == 0;

    public bool HasSession(string sessionId) => _connectionsBySession.ContainsKey(sessionId);

    public void AddViewer(HubMembership viewer)
    {
        Viewers[viewer.PeerId!] = viewer;
        _connectionsBySession.TryGetValue(viewer.SessionId, out var connections);
        _connectionsBySession[viewer.SessionId] = connections + 1;
    }

    public void RemoveViewer(HubMembership viewer)
    {
        if (!Viewers.Remove(viewer.PeerId!))
        {
            return;
        }
        var connections = _connectionsBySession[viewer.SessionId];
        if (connections > 1)
        {
            _connectionsBySession[viewer.SessionId] = connections - 1;
        }
        else
        {
            _connectionsBySession.Remove(viewer.SessionId);
        }
    }
}
