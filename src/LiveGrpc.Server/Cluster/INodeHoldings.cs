namespace LiveGrpc.Server.Cluster;

/// <summary>
/// Something this node holds in Redis on behalf of its local connections (viewer sessions,
/// publisher sessions, token bindings, mesh seats). When Redis forgot the node — it was reaped
/// after a long pause, or Redis restarted empty — the heartbeat asks each holder to write it all again.
/// </summary>
public interface INodeHoldings
{
    Task RestoreAsync(CancellationToken cancellationToken);
}
