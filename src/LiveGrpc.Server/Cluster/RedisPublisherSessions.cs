using LiveGrpc.Server.Presence;
using StackExchange.Redis;

namespace LiveGrpc.Server.Cluster;

/// <summary>
/// Publisher sessions for the whole cluster: a stream's publisher is connected while any node
/// holds a session of it. Each node counts its own sessions and tells Redis only when it starts
/// or stops holding one for a stream; a dead node's holdings are reaped by <see cref="ClusterHeartbeat"/>,
/// which then reconciles the stream (LIVE → RECONNECTING).
/// </summary>
public sealed class RedisPublisherSessions(RedisConnection redis) : IPublisherSessions, INodeHoldings
{
    private readonly Dictionary<string, Dictionary<string, int>> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly StripedLocks _transitions = new();

    public bool IsClusterWide => true;

    public bool IsSettled => redis.IsSettled;

    public async ValueTask<bool> IsConnectedAsync(string streamId, CancellationToken cancellationToken)
    {
        try
        {
            return await redis.Database.KeyExistsAsync(redis.Keys.Publishers(streamId)).ConfigureAwait(false);
        }
        catch (RedisException failure)
        {
            throw RedisConnection.Unavailable(failure);
        }
    }

    public async ValueTask AddAsync(string streamId, string sessionId, CancellationToken cancellationToken)
    {
        using (await _transitions.AcquireAsync(streamId, cancellationToken).ConfigureAwait(false))
        {
            if (!AddLocally(streamId, sessionId))
            {
                return;
            }
            try
            {
                await AnnounceAsync(streamId).ConfigureAwait(false);
            }
            catch (RedisException failure)
            {
                RemoveLocally(streamId, sessionId);
                throw RedisConnection.Unavailable(failure);
            }
        }
    }

    public async ValueTask RemoveAsync(string streamId, string sessionId)
    {
        using (await _transitions.AcquireAsync(streamId, CancellationToken.None).ConfigureAwait(false))
        {
            if (RemoveLocally(streamId, sessionId))
            {
                await redis.Database.ScriptEvaluateAsync(RedisScripts.RemovePublisher,
                    [redis.Keys.Publishers(streamId), redis.Keys.NodePublishers(redis.NodeId)], [redis.NodeId, streamId]).ConfigureAwait(false);
            }
        }
    }

    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        string[] held;
        lock (_gate)
        {
            held = [.. _sessions.Keys];
        }
        foreach (var streamId in held)
        {
            await AnnounceAsync(streamId).ConfigureAwait(false);
        }
    }

    private Task AnnounceAsync(string streamId) =>
        redis.Database.ScriptEvaluateAsync(RedisScripts.AddPublisher,
            [redis.Keys.Publishers(streamId), redis.Keys.NodePublishers(redis.NodeId)], [redis.NodeId, streamId]);

    /// <summary>True when this is the node's first session of the stream.</summary>
    private bool AddLocally(string streamId, string sessionId)
    {
        lock (_gate)
        {
            var first = !_sessions.TryGetValue(streamId, out var sessions);
            if (first)
            {
                sessions = new Dictionary<string, int>(StringComparer.Ordinal);
                _sessions[streamId] = sessions;
            }
            sessions!.TryGetValue(sessionId, out var connections);
            sessions[sessionId] = connections + 1;
            return first;
        }
    }

    /// <summary>True when the node's last session of the stream left.</summary>
    private bool RemoveLocally(string streamId, string sessionId)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(streamId, out var sessions) || !sessions.TryGetValue(sessionId, out var connections))
            {
                return false;
            }
            if (connections > 1)
            {
                sessions[sessionId] = connections - 1;
                return false;
            }
            sessions.Remove(sessionId);
            if (sessions.Count > 0)
            {
                return false;
            }
            _sessions.Remove(streamId);
            return true;
        }
    }
}
