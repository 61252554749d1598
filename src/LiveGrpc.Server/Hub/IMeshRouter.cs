using LiveGrpc.Server.Hub.Messages;

namespace LiveGrpc.Server.Hub;

/// <summary>
/// Where Local-mode signals go and who may hold a mesh seat, per stream: its host and its mesh
/// viewers by peer id, and the cap on distinct viewer sessions. <see cref="HubRegistry"/> always
/// keeps each connection's own memberships; on one node it is the mesh too (<see cref="LocalMeshRouter"/>),
/// in a cluster the mesh lives in Redis (Cluster/RedisMeshRouter), so a viewer on one node can
/// reach its host on another — the signals themselves travel over the SignalR backplane. The
/// rules hold cluster-wide: a viewer signals only its stream's current host, the host only its
/// stream's mesh viewers, and the cap counts sessions on every node.
/// </summary>
public interface IMeshRouter
{
    /// <summary>
    /// Takes the watcher's mesh seat when it has a peer id (throws stream_full at the cap, and the
    /// caller rolls the seat back) and returns the stream's current host, if any. Again is a no-op.
    /// </summary>
    Task<MeshHost?> JoinViewerAsync(WatchSeat seat, int meshCap);

    /// <summary>Makes the seat's connection the stream's host; returns the host connection it replaced elsewhere and the viewers to offer to.</summary>
    Task<MeshClaim> ClaimHostAsync(HostSeat seat);

    /// <summary>Gives up a released membership's place in the mesh; returns the host connection to tell its viewer left, if any.</summary>
    Task<string?> LeaveAsync(ReleasedMembership released);

    /// <summary>A watcher's signal: only ever to its stream's current host (not_viewer, not_watching, no_host otherwise).</summary>
    Task<PeerRoute> RouteToHostAsync(string connectionId, string streamId);

    /// <summary>The host's signal: to one mesh viewer of the same stream (not_host, unknown_peer otherwise).</summary>
    Task<PeerRoute> RouteToViewerAsync(string connectionId, string streamId, string peerId);

    /// <summary>A deleted stream's mesh is gone.</summary>
    Task ForgetAsync(string streamId);
}

/// <summary>A stream's host in the mesh: the connection signals go to and the peer id viewers know it by.</summary>
public sealed record MeshHost(string ConnectionId, string PeerId);

/// <summary>A host claim: the host connection it replaced (on another node; null when none or handled locally) and the mesh viewers.</summary>
public sealed record MeshClaim(string? ReplacedConnectionId, IReadOnlyList<MeshPeer> Viewers);
