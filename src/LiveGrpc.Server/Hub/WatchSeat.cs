namespace LiveGrpc.Server.Hub;

/// <summary>A reserved watcher seat; <paramref name="Existing"/> when this connection already watched the stream.</summary>
public sealed record WatchSeat(HubMembership Membership, bool Existing, string? HostConnectionId, string? HostPeerId);
