namespace LiveGrpc.Server.Cluster;

/// <summary>
/// The Lua that keeps LiveGrpc's shared state consistent: each script runs atomically in Redis,
/// so a join, a leave and a dead node's reaping can never interleave half-done. Times come from
/// Redis's own clock (TIME), so nodes' clocks need not agree.
/// </summary>
internal static class RedisScripts
{
    /// <summary>KEYS: nodes. ARGV: node id. Returns 1 when the node was registered, 0 when it was not (new, or reaped).</summary>
    public const string Heartbeat = """
        local t = redis.call('TIME')
        local now = t[1] * 1000 + math.floor(t[2] / 1000)
        local known = redis.call('ZSCORE', KEYS[1], ARGV[1])
        redis.call('ZADD', KEYS[1], now, ARGV[1])
        if known then return 1 else return 0 end
        """;

    /// <summary>
    /// KEYS: nodes. ARGV: prefix, timeout (ms). Removes everything held by nodes silent for longer
    /// than the timeout. Returns the streams whose publisher sessions were lost, to reconcile.
    /// </summary>
    public const string Reap = """
        local t = redis.call('TIME')
        local now = t[1] * 1000 + math.floor(t[2] / 1000)
        local p = ARGV[1]
        local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
        local lost = {}
        for _, node in ipairs(dead) do
          local nodeKey = p .. ':node:' .. node
          for _, stream in ipairs(redis.call('SMEMBERS', nodeKey .. ':streams')) do
            local held = nodeKey .. ':viewers:' .. stream
            local viewers = p .. ':viewers:' .. stream
            for _, session in ipairs(redis.call('SMEMBERS', held)) do
              if redis.call('HINCRBY', viewers, session, -1) <= 0 then redis.call('HDEL', viewers, session) end
            end
            redis.call('DEL', held)
            redis.call('SADD', p .. ':dirty', stream)
          end
          redis.call('DEL', nodeKey .. ':streams')
          for _, stream in ipairs(redis.call('SMEMBERS', nodeKey .. ':publishers')) do
            redis.call('SREM', p .. ':publishers:' .. stream, node)
            table.insert(lost, stream)
          end
          redis.call('DEL', nodeKey .. ':publishers')
          for _, token in ipairs(redis.call('SMEMBERS', nodeKey .. ':tokens')) do
            local key = p .. ':token:' .. token
            redis.call('HDEL', key, 'node:' .. node)
            if redis.call('HLEN', key) <= 1 then redis.call('DEL', key) end
          end
          redis.call('DEL', nodeKey .. ':tokens')
          for _, stream in ipairs(redis.call('SMEMBERS', nodeKey .. ':mesh')) do
            local mesh = p .. ':mesh:' .. stream
            if redis.call('HGET', mesh .. ':host', 'node') == node then redis.call('DEL', mesh .. ':host') end
            local entries = redis.call('HGETALL', mesh .. ':viewers')
            for i = 1, #entries, 2 do
              local viewer = cjson.decode(entries[i + 1])
              if viewer.node == node then
                redis.call('HDEL', mesh .. ':viewers', entries[i])
                if redis.call('HINCRBY', mesh .. ':sessions', viewer.session, -1) <= 0 then redis.call('HDEL', mesh .. ':sessions', viewer.session) end
              end
            end
          end
          redis.call('DEL', nodeKey .. ':mesh')
          redis.call('ZREM', KEYS[1], node)
        end
        return lost
        """;

    /// <summary>KEYS: lock. ARGV: token. Deletes the lock only if this holder still owns it.</summary>
    public const string ReleaseLock = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    /// <summary>
    /// KEYS: node's sessions of the stream, viewers, node's streams, dirty, audience, audience sessions.
    /// ARGV: session, stream. A session new to the node counts on the stream once however many nodes hold it.
    /// </summary>
    public const string JoinViewer = """
        if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
        redis.call('SADD', KEYS[3], ARGV[2])
        if redis.call('HINCRBY', KEYS[2], ARGV[1], 1) == 1 then
          redis.call('SADD', KEYS[4], ARGV[2])
          if redis.call('HEXISTS', KEYS[5], 'broadcast') == 1 then
            redis.call('SADD', KEYS[6], ARGV[1])
            local count = redis.call('HLEN', KEYS[2])
            if count > tonumber(redis.call('HGET', KEYS[5], 'peak') or '0') then redis.call('HSET', KEYS[5], 'peak', count) end
          end
        end
        return 1
        """;

    /// <summary>KEYS: node's sessions of the stream, viewers, node's streams, dirty. ARGV: session, stream.</summary>
    public const string LeaveViewer = """
        if redis.call('SREM', KEYS[1], ARGV[1]) == 0 then return 0 end
        if redis.call('SCARD', KEYS[1]) == 0 then redis.call('SREM', KEYS[3], ARGV[2]) end
        if redis.call('HINCRBY', KEYS[2], ARGV[1], -1) <= 0 then
          redis.call('HDEL', KEYS[2], ARGV[1])
          redis.call('SADD', KEYS[4], ARGV[2])
        end
        return 1
        """;

    /// <summary>
    /// KEYS: audience, viewers, audience sessions, dirty. ARGV: broadcast id, base peak, base total, stream.
    /// Everyone watching now counts toward the new broadcast's total.
    /// </summary>
    public const string BeginBroadcast = """
        redis.call('DEL', KEYS[3])
        local sessions = redis.call('HKEYS', KEYS[2])
        for i = 1, #sessions, 1000 do
          redis.call('SADD', KEYS[3], unpack(sessions, i, math.min(i + 999, #sessions)))
        end
        redis.call('HSET', KEYS[1], 'broadcast', ARGV[1], 'peak', math.max(tonumber(ARGV[2]), #sessions), 'baseTotal', ARGV[3])
        redis.call('SADD', KEYS[4], ARGV[4])
        return 1
        """;

    /// <summary>KEYS: audience, viewers, audience sessions. ARGV: broadcast id ('' while offline). Returns {count, peak, total}.</summary>
    public const string Figures = """
        local count = redis.call('HLEN', KEYS[2])
        if ARGV[1] == '' then return {count, 0, 0} end
        if redis.call('HGET', KEYS[1], 'broadcast') ~= ARGV[1] then
          -- Redis lost the broadcast's state (or it began before presence moved here): count from now on.
          redis.call('DEL', KEYS[3])
          local sessions = redis.call('HKEYS', KEYS[2])
          for i = 1, #sessions, 1000 do
            redis.call('SADD', KEYS[3], unpack(sessions, i, math.min(i + 999, #sessions)))
          end
          redis.call('HSET', KEYS[1], 'broadcast', ARGV[1], 'peak', count, 'baseTotal', 0)
        end
        local peak = tonumber(redis.call('HGET', KEYS[1], 'peak') or '0')
        local total = tonumber(redis.call('HGET', KEYS[1], 'baseTotal') or '0') + redis.call('SCARD', KEYS[3])
        return {count, peak, total}
        """;

    /// <summary>KEYS: audience, viewers, audience sessions, dirty. ARGV: stream. Returns the ended broadcast's {count, peak, total}.</summary>
    public const string EndBroadcast = """
        local count = redis.call('HLEN', KEYS[2])
        local figures = {count, 0, 0}
        if redis.call('HEXISTS', KEYS[1], 'broadcast') == 1 then
          figures[2] = tonumber(redis.call('HGET', KEYS[1], 'peak') or '0')
          figures[3] = tonumber(redis.call('HGET', KEYS[1], 'baseTotal') or '0') + redis.call('SCARD', KEYS[3])
        end
        redis.call('DEL', KEYS[1], KEYS[3])
        redis.call('SADD', KEYS[4], ARGV[1])
        return figures
        """;

    /// <summary>
    /// KEYS: dirty. ARGV: prefix, interval (ms), most to claim. Claims dirty streams not flushed by
    /// any node within the interval: at most one flush per stream per interval, cluster-wide.
    /// </summary>
    public const string ClaimDirty = """
        local claimed = {}
        for _, stream in ipairs(redis.call('SRANDMEMBER', KEYS[1], tonumber(ARGV[3]))) do
          if redis.call('SET', ARGV[1] .. ':flushed:' .. stream, '1', 'PX', ARGV[2], 'NX') then
            redis.call('SREM', KEYS[1], stream)
            table.insert(claimed, stream)
          end
        end
        return claimed
        """;

    /// <summary>KEYS: publishers of the stream, node's publishers. ARGV: node id, stream.</summary>
    public const string AddPublisher = """
        redis.call('SADD', KEYS[1], ARGV[1])
        redis.call('SADD', KEYS[2], ARGV[2])
        return 1
        """;

    /// <summary>KEYS: publishers of the stream, node's publishers. ARGV: node id, stream.</summary>
    public const string RemovePublisher = """
        redis.call('SREM', KEYS[1], ARGV[1])
        redis.call('SREM', KEYS[2], ARGV[2])
        return 1
        """;

    /// <summary>KEYS: token binding, node's tokens. ARGV: watch session, node field, token session. 0 when bound to another session.</summary>
    public const string BindToken = """
        local current = redis.call('HGET', KEYS[1], 'session')
        if current and current ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'session', ARGV[1], ARGV[2], '1')
        redis.call('SADD', KEYS[2], ARGV[3])
        return 1
        """;

    /// <summary>KEYS: token binding, node's tokens. ARGV: node field, token session.</summary>
    public const string UnbindToken = """
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('SREM', KEYS[2], ARGV[2])
        if redis.call('HLEN', KEYS[1]) <= 1 then redis.call('DEL', KEYS[1]) end
        return 1
        """;

    /// <summary>
    /// KEYS: mesh viewers, mesh sessions, mesh host, node's mesh. ARGV: peer id, viewer json (or ''
    /// to only read the host), session, cap, stream. Returns {joined (1/0), host connection, host peer};
    /// joined 0 means the mesh holds cap distinct sessions already. Joining again is a no-op.
    /// </summary>
    public const string JoinMesh = """
        if ARGV[2] ~= '' and redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
          if redis.call('HEXISTS', KEYS[2], ARGV[3]) == 0 and redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[4]) then
            return {0}
          end
          redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
          redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
          redis.call('SADD', KEYS[4], ARGV[5])
        end
        local host = redis.call('HMGET', KEYS[3], 'connection', 'peer')
        return {1, host[1], host[2]}
        """;

    /// <summary>KEYS: mesh viewers, mesh sessions, mesh host. ARGV: peer id, session. Returns the host's connection to tell, or nil.</summary>
    public const string LeaveMesh = """
        if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return false end
        if redis.call('HINCRBY', KEYS[2], ARGV[2], -1) <= 0 then redis.call('HDEL', KEYS[2], ARGV[2]) end
        return redis.call('HGET', KEYS[3], 'connection')
        """;

    /// <summary>
    /// KEYS: mesh host, mesh viewers, node's mesh. ARGV: connection, peer, node, stream. Makes the
    /// connection the stream's host. Returns the replaced host's connection (or '') then the viewers' json.
    /// </summary>
    public const string ClaimMeshHost = """
        local previous = redis.call('HGET', KEYS[1], 'connection')
        if previous == ARGV[1] then previous = '' end
        redis.call('HSET', KEYS[1], 'connection', ARGV[1], 'peer', ARGV[2], 'node', ARGV[3])
        redis.call('SADD', KEYS[3], ARGV[4])
        local result = {previous or ''}
        for _, viewer in ipairs(redis.call('HVALS', KEYS[2])) do table.insert(result, viewer) end
        return result
        """;

    /// <summary>KEYS: mesh host. ARGV: connection. Removes the host only if it is still that connection.</summary>
    public const string ReleaseMeshHost = """
        if redis.call('HGET', KEYS[1], 'connection') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    /// <summary>KEYS: mesh host, mesh viewers. ARGV: caller connection, peer id. Returns {status, host peer, viewer json}: 0 not host, 1 unknown peer, 2 ok.</summary>
    public const string RouteToViewer = """
        local host = redis.call('HMGET', KEYS[1], 'connection', 'peer')
        if host[1] ~= ARGV[1] then return {0} end
        local viewer = redis.call('HGET', KEYS[2], ARGV[2])
        if not viewer then return {1} end
        return {2, host[2], viewer}
        """;
}
