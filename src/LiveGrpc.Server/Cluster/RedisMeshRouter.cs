using System.Text.Json;
using LiveGrpc.Server.Hub;
using LiveGrpc.Server.Hub.Messages;
using StackExchange.Redis;

namespace LiveGrpc.Server.Cluster;

/// <summary>
/// The Local media mesh of every stream in Redis: its host (connection, peer id, node), its mesh
/// viewers by peer id, and their distinct sessions for the cap — each change one Lua script, so
/// "take a seat within the cap" stays atomic across nodes. Each connection's own memberships stay
/// in this node's <see cref="HubRegistry"/>, which says who is asking; Redis says where a signal
/// goes. Signals then travel over the SignalR backplane to whichever node holds the connection.
/// A dead node's seats are reaped by <see cref="ClusterHeartbeat"/>.
/// </summary>
public sealed class RedisMeshRouter(RedisConnection redis, HubRegistry registry, ILogger<RedisMeshRouter> logger) : IMeshRouter, INodeHoldings
{
    private readonly Dictionary<(string StreamId, string PeerId), Seat> _seats = [];
    private readonly Lock _gate = new();

    private RedisKeys Keys => redis.Keys;

    public async Task<MeshHost?> JoinViewerAsync(WatchSeat seat, int meshCap)
    {
        var membership = seat.Membership;
        var streamId = membership.StreamId;
        var viewer = membership.PeerId is null ? "" : Describe(membership);
        var joined = (RedisResult[])(await EvaluateAsync(RedisScripts.JoinMesh,
            [Keys.MeshViewers(streamId), Keys.MeshSessions(streamId), Keys.MeshHost(streamId), Keys.NodeMesh(redis.NodeId)],
            [membership.PeerId ?? "", viewer, membership.SessionId, meshCap, streamId]).ConfigureAwait(false))!;
        if ((int)joined[0] == 0)
        {
            throw HubErrors.StreamFull(meshCap);
        }
        if (membership.PeerId is { } peerId)
        {
            lock (_gate)
            {
                _seats[(streamId, peerId)] = new Seat(membership.SessionId, viewer, IsHost: false, membership.ConnectionId);
            }
        }
        return joined[1].IsNull || joined[2].IsNull ? null : new MeshHost((string)joined[1]!, (string)joined[2]!);
    }

    public async Task<MeshClaim> ClaimHostAsync(HostSeat seat)
    {
        var membership = seat.Membership;
        var claimed = (RedisResult[])(await EvaluateAsync(RedisScripts.ClaimMeshHost,
            [Keys.MeshHost(membership.StreamId), Keys.MeshViewers(membership.StreamId), Keys.NodeMesh(redis.NodeId)],
            [membership.ConnectionId, membership.PeerId!, redis.NodeId, membership.StreamId]).ConfigureAwait(false))!;
        lock (_gate)
        {
            _seats[(membership.StreamId, membership.PeerId!)] = new Seat(membership.SessionId, "", IsHost: true, membership.ConnectionId);
        }
        var replaced = (string?)claimed[0];
        var viewers = claimed.Skip(1).Select(entry => JsonSerializer.Deserialize<ViewerEntry>((string)entry!)!)
            .Select(entry => new MeshPeer(entry.Peer, entry.Name)).ToList();
        return new MeshClaim(string.IsNullOrEmpty(replaced) ? null : replaced, viewers);
    }

    public async Task<string?> LeaveAsync(ReleasedMembership released)
    {
        var membership = released.Membership;
        if (membership.PeerId is not { } peerId)
        {
            return null;
        }
        lock (_gate)
        {
            _seats.Remove((membership.StreamId, peerId));
        }
        try
        {
            if (membership.Role == MemberRole.Host)
            {
                await redis.Database.ScriptEvaluateAsync(RedisScripts.ReleaseMeshHost, [Keys.MeshHost(membership.StreamId)], [membership.ConnectionId]).ConfigureAwait(false);
                return null;
            }
            var host = await redis.Database.ScriptEvaluateAsync(RedisScripts.LeaveMesh,
                [Keys.MeshViewers(membership.StreamId), Keys.MeshSessions(membership.StreamId), Keys.MeshHost(membership.StreamId)],
                [peerId, membership.SessionId]).ConfigureAwait(false);
            return host.IsNull ? null : (string?)host;
        }
        catch (RedisException ex)
        {
            // The connection is gone from this node either way; its seat goes when this node is reaped or restored.
            logger.LogWarning(ex, "Could not give up the mesh seat of peer {PeerId} on stream {StreamId}", peerId, membership.StreamId);
            return null;
        }
    }

    public async Task<PeerRoute> RouteToHostAsync(string connectionId, string streamId)
    {
        var membership = registry.FindMembership(connectionId, streamId);
        if (membership?.Role == MemberRole.Host)
        {
            throw HubErrors.NotViewer();
        }
        if (membership is not { InMesh: true })
        {
            throw HubErrors.NotWatching(streamId);
        }
        RedisValue hostConnection;
        try
        {
            hostConnection = await redis.Database.HashGetAsync(Keys.MeshHost(streamId), "connection").ConfigureAwait(false);
        }
        catch (RedisException failure)
        {
            throw RedisConnection.Unavailable(failure);
        }
        return hostConnection.IsNull ? throw HubErrors.NoHost(streamId) : new PeerRoute(hostConnection!, membership.PeerId!);
    }

    public async Task<PeerRoute> RouteToViewerAsync(string connectionId, string streamId, string peerId)
    {
        var routed = (RedisResult[])(await EvaluateAsync(RedisScripts.RouteToViewer, [Keys.MeshHost(streamId), Keys.MeshViewers(streamId)], [connectionId, peerId])
            .ConfigureAwait(false))!;
        return (int)routed[0] switch
        {
            0 => throw HubErrors.NotHost(),
            1 => throw HubErrors.UnknownPeer(peerId),
            _ => new PeerRoute(JsonSerializer.Deserialize<ViewerEntry>((string)routed[2]!)!.Connection, (string)routed[1]!),
        };
    }

    public async Task ForgetAsync(string streamId)
    {
        lock (_gate)
        {
            foreach (var key in _seats.Keys.Where(key => key.StreamId == streamId).ToList())
            {
                _seats.Remove(key);
            }
        }
        await redis.Database.KeyDeleteAsync([Keys.MeshHost(streamId), Keys.MeshViewers(streamId), Keys.MeshSessions(streamId)]).ConfigureAwait(false);
    }

    /// <summary>Writes this node's seats again (Redis forgot the node). A host seat is taken back only if nobody else holds it.</summary>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        List<KeyValuePair<(string StreamId, string PeerId), Seat>> seats;
        lock (_gate)
        {
            seats = [.. _seats];
        }
        foreach (var ((streamId, peerId), seat) in seats)
        {
            if (seat.IsHost)
            {
                var host = new HashEntry[] { new("connection", seat.ConnectionId), new("peer", peerId), new("node", redis.NodeId) };
                var transaction = redis.Database.CreateTransaction();
                transaction.AddCondition(Condition.KeyNotExists(Keys.MeshHost(streamId)));
                _ = transaction.HashSetAsync(Keys.MeshHost(streamId), host);
                _ = transaction.SetAddAsync(Keys.NodeMesh(redis.NodeId), streamId);
                await transaction.ExecuteAsync().ConfigureAwait(false);
                continue;
            }
            // Restored seats are not held to the cap: they were inside it when taken.
            await redis.Database.ScriptEvaluateAsync(RedisScripts.JoinMesh,
                [Keys.MeshViewers(streamId), Keys.MeshSessions(streamId), Keys.MeshHost(streamId), Keys.NodeMesh(redis.NodeId)],
                [peerId, seat.Viewer, seat.SessionId, int.MaxValue, streamId]).ConfigureAwait(false);
        }
    }

    private string Describe(HubMembership viewer) =>
        JsonSerializer.Serialize(new ViewerEntry(viewer.PeerId!, viewer.ConnectionId, viewer.SessionId, viewer.DisplayName, redis.NodeId));

    private async Task<RedisResult> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await redis.Database.ScriptEvaluateAsync(script, keys, values).ConfigureAwait(false);
        }
        catch (RedisException failure)
        {
            throw RedisConnection.Unavailable(failure);
        }
    }

    /// <summary>A mesh viewer as stored in Redis; the reaping Lua reads <c>node</c> and <c>session</c>.</summary>
    private sealed record ViewerEntry(
        [property: System.Text.Json.Serialization.JsonPropertyName("peer")] string Peer,
        [property: System.Text.Json.Serialization.JsonPropertyName("connection")] string Connection,
        [property: System.Text.Json.Serialization.JsonPropertyName("session")] string Session,
        [property: System.Text.Json.Serialization.JsonPropertyName("name")] string? Name,
        [property: System.Text.Json.Serialization.JsonPropertyName("node")] string Node);

    private sealed record Seat(string SessionId, string Viewer, bool IsHost, string ConnectionId);
}
