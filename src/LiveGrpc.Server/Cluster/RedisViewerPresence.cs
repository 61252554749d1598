using LiveGrpc.Server.Presence;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LiveGrpc.Server.Cluster;

/// <summary>
/// Viewer presence for the whole cluster. Each node counts its own connections per session (a
/// session may hold two while reconnecting) and tells Redis only when a session arrives on or
/// leaves the node; Redis counts, per session, how many nodes hold it, so the viewer count — the
/// number of sessions held anywhere — counts a session once even while it moves between nodes.
/// Peak and total of the current broadcast are kept in Redis as sessions join, exactly. A dead
/// node's sessions are removed by <see cref="ClusterHeartbeat"/>. Streams whose figures changed
/// are marked dirty in Redis, and a flushing node claims a dirty stream only if no node flushed
/// it within the push interval: one push per stream per interval, cluster-wide.
/// </summary>
public sealed class RedisViewerPresence(RedisConnection redis, IOptions<PresenceOptions> presence) : IViewerPresence, IAudienceFigures, INodeHoldings
{
    private const int MaxClaimsPerFlush = 1000;

    private readonly Dictionary<(string StreamId, string SessionId), int> _connections = [];
    private readonly Lock _gate = new();
    private readonly StripedLocks _transitions = new();

    private RedisKeys Keys => redis.Keys;

    public async ValueTask<IAsyncDisposable> JoinAsync(string streamId, string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        using (await _transitions.AcquireAsync(streamId + "\n" + sessionId, cancellationToken).ConfigureAwait(false))
        {
            if (Increment(streamId, sessionId) == 1)
            {
                try
                {
                    await JoinRedisAsync(streamId, sessionId).ConfigureAwait(false);
                }
                catch (RedisException failure)
                {
                    Decrement(streamId, sessionId);
                    throw RedisConnection.Unavailable(failure);
                }
            }
        }
        return new Lease(this, streamId, sessionId);
    }

    /// <summary>The number of distinct sessions watching anywhere in the cluster (not yet coalesced).</summary>
    public int GetViewerCount(string streamId) => (int)redis.Database.HashLength(Keys.Viewers(streamId));

    public async ValueTask BeginBroadcastAsync(string streamId, string broadcastId, int basePeak, int baseTotal, CancellationToken cancellationToken) =>
        await redis.Database.ScriptEvaluateAsync(RedisScripts.BeginBroadcast,
            [Keys.Audience(streamId), Keys.Viewers(streamId), Keys.AudienceSessions(streamId), Keys.Dirty],
            [broadcastId, basePeak, baseTotal, streamId]).ConfigureAwait(false);

    public async ValueTask<ViewerFigures> EndBroadcastAsync(string streamId, CancellationToken cancellationToken) =>
        ToFigures(await redis.Database.ScriptEvaluateAsync(RedisScripts.EndBroadcast,
            [Keys.Audience(streamId), Keys.Viewers(streamId), Keys.AudienceSessions(streamId), Keys.Dirty], [streamId]).ConfigureAwait(false));

    public async ValueTask ForgetAsync(string streamId, CancellationToken cancellationToken)
    {
        var batch = redis.Database.CreateBatch();
        var deleted = batch.KeyDeleteAsync([Keys.Viewers(streamId), Keys.Audience(streamId), Keys.AudienceSessions(streamId)]);
        var clean = batch.SetRemoveAsync(Keys.Dirty, streamId);
        batch.Execute();
        await Task.WhenAll(deleted, clean).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<string>> TakeDirtyStreamsAsync(CancellationToken cancellationToken)
    {
        var claimed = await redis.Database.ScriptEvaluateAsync(RedisScripts.ClaimDirty, [Keys.Dirty],
            [Keys.Prefix, (long)presence.Value.PushInterval.TotalMilliseconds, MaxClaimsPerFlush]).ConfigureAwait(false);
        return ((RedisResult[]?)claimed ?? []).Select(stream => (string)stream!).ToList();
    }

    public async ValueTask<ViewerFigures> GetFiguresAsync(string streamId, string? broadcastId, CancellationToken cancellationToken) =>
        ToFigures(await redis.Database.ScriptEvaluateAsync(RedisScripts.Figures,
            [Keys.Audience(streamId), Keys.Viewers(streamId), Keys.AudienceSessions(streamId)], [broadcastId ?? ""]).ConfigureAwait(false));

    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        List<(string StreamId, string SessionId)> held;
        lock (_gate)
        {
            held = [.. _connections.Keys];
        }
        // Joining again is a no-op in Redis for sessions it still has.
        foreach (var (streamId, sessionId) in held)
        {
            await JoinRedisAsync(streamId, sessionId).ConfigureAwait(false);
        }
    }

    private Task JoinRedisAsync(string streamId, string sessionId) =>
        redis.Database.ScriptEvaluateAsync(RedisScripts.JoinViewer,
            [Keys.NodeViewers(redis.NodeId, streamId), Keys.Viewers(streamId), Keys.NodeStreams(redis.NodeId), Keys.Dirty,
             Keys.Audience(streamId), Keys.AudienceSessions(streamId)],
            [sessionId, streamId]);

    private async Task LeaveAsync(string streamId, string sessionId)
    {
        using (await _transitions.AcquireAsync(streamId + "\n" + sessionId, CancellationToken.None).ConfigureAwait(false))
        {
            if (Decrement(streamId, sessionId) == 0)
            {
                // If Redis is unreachable now, the session stays counted until this node's heartbeat
                // lapses or the next restore; nothing is left locally to retry it.
                await redis.Database.ScriptEvaluateAsync(RedisScripts.LeaveViewer,
                    [Keys.NodeViewers(redis.NodeId, streamId), Keys.Viewers(streamId), Keys.NodeStreams(redis.NodeId), Keys.Dirty],
                    [sessionId, streamId]).ConfigureAwait(false);
            }
        }
    }

    private int Increment(string streamId, string sessionId)
    {
        lock (_gate)
        {
            _connections.TryGetValue((streamId, sessionId), out var connections);
            _connections[(streamId, sessionId)] = ++connections;
            return connections;
        }
    }

    private int Decrement(string streamId, string sessionId)
    {
        lock (_gate)
        {
            if (!_connections.TryGetValue((streamId, sessionId), out var connections))
            {
                return -1;
            }
            if (--connections == 0)
            {
                _connections.Remove((streamId, sessionId));
            }
            else
            {
                _connections[(streamId, sessionId)] = connections;
            }
            return connections;
        }
    }

    private static ViewerFigures ToFigures(RedisResult result)
    {
        var values = (RedisResult[])result!;
        return new ViewerFigures((int)values[0], (int)values[1], (int)values[2]);
    }

    private sealed class Lease(RedisViewerPresence owner, string streamId, string sessionId) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                await owner.LeaveAsync(streamId, sessionId).ConfigureAwait(false);
            }
        }
    }
}
