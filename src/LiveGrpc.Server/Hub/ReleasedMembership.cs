namespace LiveGrpc.Server.Hub;

/// <summary>
/// A membership the registry let go of, and what the caller must still do outside the lock:
/// dispose <paramref name="Lease"/>, tell the host its viewer left, drop the connection from the
/// stream's group unless it still follows it.
/// </summary>
public sealed record ReleasedMembership(HubMembership Membership, IAsyncDisposable? Lease, string? HostConnectionId, bool StillInGroup);
