namespace LiveGrpc.Server.Cluster;

/// <summary>
/// Every Redis key and channel LiveGrpc uses, in one place (the Lua in <see cref="RedisScripts"/>
/// builds the per-node ones from the same prefix when it reaps a dead node):
/// <code>
/// {p}:events                      pub/sub channel of every stream event, in publish order
/// {p}:nodes                       zset: node id -> last heartbeat (ms, Redis's clock)
/// {p}:lock:{stream}               a stream's cluster lock (token, expiring)
/// {p}:viewers:{stream}            hash: session id -> number of nodes holding it (HLEN = viewer count)
/// {p}:audience:{stream}           hash: broadcast, peak, baseTotal of the current broadcast
/// {p}:audience-sessions:{stream}  set: distinct sessions of the current broadcast
/// {p}:dirty                       set: streams whose figures changed; {p}:flushed:{stream} marks a recent flush
/// {p}:publishers:{stream}         set: nodes holding a publisher session of the stream
/// {p}:token:{token session}       hash: session = the bound watch session; node:{id} = held there
/// {p}:mesh:{stream}:host|viewers|sessions   the Local media mesh: host, viewers by peer id, sessions
/// {p}:node:{id}:streams|viewers:{stream}|publishers|tokens|mesh   what one node holds, for reaping
/// </code>
/// </summary>
public sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = prefix;

    public string Events => $"{Prefix}:events";

    public string Nodes => $"{Prefix}:nodes";

    public string Dirty => $"{Prefix}:dirty";

    public string Lock(string streamId) => $"{Prefix}:lock:{streamId}";

    public string Viewers(string streamId) => $"{Prefix}:viewers:{streamId}";

    public string Audience(string streamId) => $"{Prefix}:audience:{streamId}";

    public string AudienceSessions(string streamId) => $"{Prefix}:audience-sessions:{streamId}";

    public string Publishers(string streamId) => $"{Prefix}:publishers:{streamId}";

    public string Token(string tokenSessionId) => $"{Prefix}:token:{tokenSessionId}";

    public string MeshHost(string streamId) => $"{Prefix}:mesh:{streamId}:host";

    public string MeshViewers(string streamId) => $"{Prefix}:mesh:{streamId}:viewers";

    public string MeshSessions(string streamId) => $"{Prefix}:mesh:{streamId}:sessions";

    public string NodeStreams(string nodeId) => $"{Prefix}:node:{nodeId}:streams";

    public string NodeViewers(string nodeId, string streamId) => $"{Prefix}:node:{nodeId}:viewers:{streamId}";

    public string NodePublishers(string nodeId) => $"{Prefix}:node:{nodeId}:publishers";

    public string NodeTokens(string nodeId) => $"{Prefix}:node:{nodeId}:tokens";

    public string NodeMesh(string nodeId) => $"{Prefix}:node:{nodeId}:mesh";
}
