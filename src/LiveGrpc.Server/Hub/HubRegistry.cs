using System.Security.Cryptography;
using LiveGrpc.Server.Hub.Messages;

namespace LiveGrpc.Server.Hub;

/// <summary>
/// Who is on the hub and in which role: per connection, the streams it watches, hosts and
/// follows; per stream, the Local media mesh (its host and the viewers receiving media, by the
/// peer ids this registry assigns). Hubs are transient, so this singleton is where their state
/// lives. One lock guards it all: every operation is a few dictionary lookups, and a single lock
/// makes "reserve a seat within the cap" and "route a signal only inside its stream" atomic.
/// Leases are never disposed under the lock; callers get them back in <see cref="ReleasedMembership"/>.
/// </summary>
public sealed class HubRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HubConnectionState> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StreamMesh> _meshes = new(StringComparer.Ordinal);

    public void AddConnection(string connectionId)
    {
        lock (_gate)
        {
            _connections.TryAdd(connectionId, new HubConnectionState());
        }
    }

    /// <summary>Forgets the connection and returns every membership it held, for the caller to release.</summary>
    public IReadOnlyList<ReleasedMembership> RemoveConnection(string connectionId)
    {
        lock (_gate)
        {
            if (!_connections.Remove(connectionId, out var state))
            {
                return [];
            }
            var released = new List<ReleasedMembership>(state.Joined.Count);
            foreach (var membership in state.Joined.Values.ToList())
            {
                released.Add(ReleaseLocked(membership, state));
            }
            return released;
        }
    }

    /// <summary>
    /// Reserves a watcher seat, in the stream's media mesh when <paramref name="joinMesh"/> (where
    /// <paramref name="meshCap"/> distinct sessions fit). Throws stream_full, too_many_streams or
    /// already_joined as a <see cref="Microsoft.AspNetCore.SignalR.HubException"/>.
    /// </summary>
    public WatchSeat ReserveWatch(
        string connectionId, string streamId, string sessionId, string? displayName, bool joinMesh, int meshCap, int maxJoined)
    {
        lock (_gate)
        {
            var state = RequireConnection(connectionId);
            _meshes.TryGetValue(streamId, out var mesh);
            if (state.Joined.TryGetValue(streamId, out var existing))
            {
                return existing.Role == MemberRole.Watcher
                    ? new WatchSeat(existing, true, mesh?.Host?.ConnectionId, mesh?.Host?.PeerId)
                    : throw HubErrors.AlreadyJoined(streamId, "host");
            }
            if (state.Joined.Count >= maxJoined)
            {
                throw HubErrors.TooManyStreams(maxJoined);
            }
            string? peerId = null;
            if (joinMesh)
            {
                if (mesh is not null && !mesh.HasSession(sessionId) && mesh.SessionCount >= meshCap)
                {
                    throw HubErrors.StreamFull(meshCap);
                }
                peerId = NewPeerId();
            }
            var membership = new HubMembership(connectionId, streamId, MemberRole.Watcher, sessionId, peerId, displayName);
            if (joinMesh)
            {
                mesh ??= AddMesh(streamId);
                mesh.AddViewer(membership);
            }
            state.Joined[streamId] = membership;
            return new WatchSeat(membership, false, mesh?.Host?.ConnectionId, mesh?.Host?.PeerId);
        }
    }

    /// <summary>
    /// Makes this connection the stream's host. A host already on another connection is replaced:
    /// its membership is released and returned in <see cref="HostSeat.Replaced"/>.
    /// </summary>
    public HostSeat ReserveHost(string connectionId, string streamId, string sessionId, int maxJoined)
    {
        lock (_gate)
        {
            var state = RequireConnection(connectionId);
            _meshes.TryGetValue(streamId, out var mesh);
            if (state.Joined.TryGetValue(streamId, out var existing))
            {
                return existing.Role == MemberRole.Host
                    ? new HostSeat(existing, true, MeshViewers(mesh), null)
                    : throw HubErrors.AlreadyJoined(streamId, "viewer");
            }
            if (state.Joined.Count >= maxJoined)
            {
                throw HubErrors.TooManyStreams(maxJoined);
            }
            ReleasedMembership? replaced = null;
            if (mesh?.Host is { } previous)
            {
                _connections.TryGetValue(previous.ConnectionId, out var previousState);
                replaced = ReleaseLocked(previous, previousState);
            }
            var membership = new HubMembership(connectionId, streamId, MemberRole.Host, sessionId, NewPeerId(), null);
            mesh = _meshes.GetValueOrDefault(streamId) ?? AddMesh(streamId);
            mesh.Host = membership;
            state.Joined[streamId] = membership;
            return new HostSeat(membership, false, MeshViewers(mesh), replaced);
        }
    }

    /// <summary>Hands the presence lease to the membership; false when it was released meanwhile (the caller disposes the lease).</summary>
    public bool AttachLease(HubMembership membership, IAsyncDisposable lease)
    {
        lock (_gate)
        {
            if (membership.Released)
            {
                return false;
            }
            membership.Lease = lease;
            return true;
        }
    }

    /// <summary>Releases one membership (a failed join rolling back); null when already released.</summary>
    public ReleasedMembership? Release(HubMembership membership)
    {
        lock (_gate)
        {
            if (membership.Released)
            {
                return null;
            }
            _connections.TryGetValue(membership.ConnectionId, out var state);
            return ReleaseLocked(membership, state);
        }
    }

    /// <summary>Releases what the connection holds on the stream; null when it held nothing.</summary>
    public ReleasedMembership? Leave(string connectionId, string streamId)
    {
        lock (_gate)
        {
            return _connections.TryGetValue(connectionId, out var state) && state.Joined.TryGetValue(streamId, out var membership)
                ? ReleaseLocked(membership, state)
                : null;
        }
    }

    /// <summary>Records a follow (again is a no-op). Throws too_many_streams past <paramref name="maxFollowed"/>.</summary>
    public void Follow(string connectionId, string streamId, int maxFollowed)
    {
        lock (_gate)
        {
            var state = RequireConnection(connectionId);
            if (state.Followed.Contains(streamId))
            {
                return;
            }
            if (state.Followed.Count >= maxFollowed)
            {
                throw HubErrors.Create(HubErrorCodes.TooManyStreams, $"One connection can follow at most {maxFollowed} streams; unfollow some first.");
            }
            state.Followed.Add(streamId);
        }
    }

    /// <summary>Drops a follow; true when the connection no longer needs the stream's group (it does not watch or host it).</summary>
    public bool Unfollow(string connectionId, string streamId)
    {
        lock (_gate)
        {
            if (!_connections.TryGetValue(connectionId, out var state) || !state.Followed.Remove(streamId))
            {
                return false;
            }
            return !state.Joined.ContainsKey(streamId);
        }
    }

    /// <summary>This connection's membership of the stream (watcher or host), or null; for routing across nodes.</summary>
    public HubMembership? FindMembership(string connectionId, string streamId)
    {
        lock (_gate)
        {
            HubMembership? membership = null;
            _connections.GetValueOrDefault(connectionId)?.Joined.TryGetValue(streamId, out membership);
            return membership;
        }
    }

    /// <summary>
    /// Where a watcher's signal goes: only ever to its stream's current host. Throws not_watching
    /// when the caller is not a mesh viewer of the stream, no_host when no host is connected.
    /// </summary>
    public PeerRoute RouteToHost(string connectionId, string streamId)
    {
        lock (_gate)
        {
            HubMembership? membership = null;
            _connections.GetValueOrDefault(connectionId)?.Joined.TryGetValue(streamId, out membership);
            if (membership?.Role == MemberRole.Host)
            {
                throw HubErrors.NotViewer();
            }
            if (membership is not { InMesh: true })
            {
                throw HubErrors.NotWatching(streamId);
            }
            var host = _meshes.GetValueOrDefault(streamId)?.Host ?? throw HubErrors.NoHost(streamId);
            return new PeerRoute(host.ConnectionId, membership.PeerId!);
        }
    }

    /// <summary>
    /// Where the host's signal goes: a mesh viewer of the same stream, by peer id. Throws not_host
    /// unless the caller is the stream's current host, unknown_peer for any id outside its mesh.
    /// </summary>
    public PeerRoute RouteToViewer(string connectionId, string streamId, string peerId)
    {
        lock (_gate)
        {
            var mesh = _meshes.GetValueOrDefault(streamId);
            var host = mesh?.Host;
            if (host is null || host.ConnectionId != connectionId)
            {
                throw HubErrors.NotHost();
            }
            return mesh!.Viewers.TryGetValue(peerId, out var viewer)
                ? new PeerRoute(viewer.ConnectionId, host.PeerId!)
                : throw HubErrors.UnknownPeer(peerId);
        }
    }

    /// <summary>
    /// A deleted stream: releases every membership on it and drops it from every follow list.
    /// Returns the released memberships and the connections to remove from the stream's group.
    /// </summary>
    public (IReadOnlyList<ReleasedMembership> Released, IReadOnlyList<string> ConnectionIds) ForgetStream(string streamId)
    {
        lock (_gate)
        {
            var released = new List<ReleasedMembership>();
            var connectionIds = new List<string>();
            foreach (var (connectionId, state) in _connections)
            {
                var followed = state.Followed.Remove(streamId);
                var joined = state.Joined.TryGetValue(streamId, out var membership);
                if (joined)
                {
                    released.Add(ReleaseLocked(membership!, state));
                }
                if (followed || joined)
                {
                    connectionIds.Add(connectionId);
                }
            }
            _meshes.Remove(streamId);
            return (released, connectionIds);
        }
    }

    private ReleasedMembership ReleaseLocked(HubMembership membership, HubConnectionState? state)
    {
        membership.Released = true;
        var lease = membership.Lease;
        membership.Lease = null;
        if (state is not null && state.Joined.TryGetValue(membership.StreamId, out var current) && current == membership)
        {
            state.Joined.Remove(membership.StreamId);
        }
        string? hostConnectionId = null;
        if (_meshes.TryGetValue(membership.StreamId, out var mesh))
        {
            if (membership.Role == MemberRole.Watcher && membership.InMesh)
            {
                mesh.RemoveViewer(membership);
                hostConnectionId = mesh.Host?.ConnectionId;
            }
            else if (membership.Role == MemberRole.Host && mesh.Host == membership)
            {
                mesh.Host = null;
            }
            if (mesh.IsEmpty)
            {
                _meshes.Remove(membership.StreamId);
            }
        }
        var stillInGroup = state?.Followed.Contains(membership.StreamId) == true;
        return new ReleasedMembership(membership, lease, hostConnectionId, stillInGroup);
    }

    private HubConnectionState RequireConnection(string connectionId) =>
        _connections.GetValueOrDefault(connectionId)
        // Only reachable when a hub method outlives its connection's OnDisconnectedAsync.
        ?? throw new OperationCanceledException("The hub connection has closed.");

    private StreamMesh AddMesh(string streamId)
    {
        var mesh = new StreamMesh();
        _meshes[streamId] = mesh;
        return mesh;
    }

    private static IReadOnlyList<MeshPeer> MeshViewers(StreamMesh? mesh) =>
        mesh is null ? [] : mesh.Viewers.Values.Select(v => new MeshPeer(v.PeerId!, v.DisplayName)).ToList();

    // Peer ids are random and unrelated to connection ids, which stay server-side.
    private static string NewPeerId() => "pr_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
