using LiveGrpc.Server.Errors;
using LiveGrpc.Server.Presence;
using StackExchange.Redis;

namespace LiveGrpc.Server.Cluster;

/// <summary>
/// The one-session-per-viewer-token rule (<see cref="ViewerTokenSessions"/>) for the whole cluster:
/// Redis keeps, per token, the watch session it is bound to and which nodes hold it. A node asks
/// Redis when it starts holding a token and tells it when its last connection with the token ends;
/// a dead node's holds are reaped by <see cref="ClusterHeartbeat"/>, and the binding ends with the last hold.
/// </summary>
public sealed class RedisViewerTokenSessions(RedisConnection redis) : IViewerTokenSessions, INodeHoldings
{
    private readonly Dictionary<string, Binding> _bindings = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly StripedLocks _transitions = new();

    private string NodeField => "node:" + redis.NodeId;

    public async ValueTask<IAsyncDisposable> BindAsync(string tokenSessionId, string watchSessionId, CancellationToken cancellationToken)
    {
        using (await _transitions.AcquireAsync(tokenSessionId, cancellationToken).ConfigureAwait(false))
        {
            lock (_gate)
            {
                if (_bindings.TryGetValue(tokenSessionId, out var local))
                {
                    if (local.WatchSessionId != watchSessionId)
                    {
                        throw AlreadyBound();
                    }
                    local.Holders++;
                    return new Release(this, tokenSessionId);
                }
            }
            int bound;
            try
            {
                bound = (int)await BindRedisAsync(tokenSessionId, watchSessionId).ConfigureAwait(false);
            }
            catch (RedisException failure)
            {
                throw RedisConnection.Unavailable(failure);
            }
            if (bound == 0)
            {
                throw AlreadyBound();
            }
            lock (_gate)
            {
                _bindings[tokenSessionId] = new Binding(watchSessionId) { Holders = 1 };
            }
            return new Release(this, tokenSessionId);
        }
    }

    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        List<(string Token, string Session)> held;
        lock (_gate)
        {
            held = _bindings.Select(binding => (binding.Key, binding.Value.WatchSessionId)).ToList();
        }
        foreach (var (token, session) in held)
        {
            await BindRedisAsync(token, session).ConfigureAwait(false);
        }
    }

    private Task<RedisResult> BindRedisAsync(string tokenSessionId, string watchSessionId) =>
        redis.Database.ScriptEvaluateAsync(RedisScripts.BindToken,
            [redis.Keys.Token(tokenSessionId), redis.Keys.NodeTokens(redis.NodeId)], [watchSessionId, NodeField, tokenSessionId]);

    private async Task UnbindAsync(string tokenSessionId)
    {
        using (await _transitions.AcquireAsync(tokenSessionId, CancellationToken.None).ConfigureAwait(false))
        {
            lock (_gate)
            {
                if (!_bindings.TryGetValue(tokenSessionId, out var binding) || --binding.Holders > 0)
                {
                    return;
                }
                _bindings.Remove(tokenSessionId);
            }
            await redis.Database.ScriptEvaluateAsync(RedisScripts.UnbindToken,
                [redis.Keys.Token(tokenSessionId), redis.Keys.NodeTokens(redis.NodeId)], [NodeField, tokenSessionId]).ConfigureAwait(false);
        }
    }

    // The same words as the single-node binding, so clients need not know where they landed.
    private static PreconditionFailedException AlreadyBound() => new(
        "This viewer token is already watching as another session; each tab or device needs its own token from TokenService.CreateViewerToken.");

    private sealed class Binding(string watchSessionId)
    {
        public string WatchSessionId { get; } = watchSessionId;

        public int Holders { get; set; }
    }

    private sealed class Release(RedisViewerTokenSessions owner, string tokenSessionId) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                await owner.UnbindAsync(tokenSessionId).ConfigureAwait(false);
            }
        }
    }
}
