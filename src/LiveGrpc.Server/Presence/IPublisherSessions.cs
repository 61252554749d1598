namespace LiveGrpc.Server.Presence;

/// <summary>
/// Which streams have a connected publisher session: plain bookkeeping the lifecycle reads while
/// <see cref="PublisherPresence"/> reports arrivals and departures. In-process on one node
/// (<see cref="PublisherSessionRegistry"/>), in Redis across nodes (Cluster/RedisPublisherSessions).
/// </summary>
public interface IPublisherSessions
{
    /// <summary>
    /// True when sessions are seen cluster-wide and can vanish without a departure being reported
    /// here (another node died). The lifecycle then re-checks presence on its deadline ticks instead
    /// of putting every stream into RECONNECTING when one node restarts.
    /// </summary>
    bool IsClusterWide { get; }

    /// <summary>
    /// True once an absence can be trusted: a cluster-wide registry just (re)connected may not yet
    /// hold what living nodes re-announce on their next heartbeat.
    /// </summary>
    bool IsSettled { get; }

    ValueTask<bool> IsConnectedAsync(string streamId, CancellationToken cancellationToken);

    ValueTask AddAsync(string streamId, string sessionId, CancellationToken cancellationToken);

    ValueTask RemoveAsync(string streamId, string sessionId);
}
