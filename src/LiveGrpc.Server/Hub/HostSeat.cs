using LiveGrpc.Server.Hub.Messages;

namespace LiveGrpc.Server.Hub;

/// <summary>
/// A reserved host seat, the mesh viewers the host should offer to, and the host connection it
/// took over from (whose lease the caller releases only after acquiring the new one, so the
/// stream never blips to RECONNECTING).
/// </summary>
public sealed record HostSeat(HubMembership Membership, bool Existing, IReadOnlyList<MeshPeer> Viewers, ReleasedMembership? Replaced);
