namespace LiveGrpc.Server.Hub;

/// <summary>What one hub connection has joined and follows. Not thread-safe (HubRegistry's lock).</summary>
internal sealed class HubConnectionState
{
    public Dictionary<string, HubMembership> Joined { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Followed { get; } = new(StringComparer.Ordinal);
}
