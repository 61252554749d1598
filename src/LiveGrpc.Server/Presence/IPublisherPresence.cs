namespace LiveGrpc.Server.Presence;

/// <summary>
/// The host's publisher sessions (the dashboard on the hub, a native app holding WatchStream with
/// a publisher token or the host secret). While at least one is connected a started stream is
/// LIVE; when the last one leaves, the stream goes RECONNECTING for the grace window.
/// </summary>
public interface IPublisherPresence
{
    /// <summary>
    /// Marks a publisher session of <paramref name="streamId"/> as connected until the lease is
    /// disposed. Returns once the lifecycle has reacted (e.g. STARTING → LIVE). Callers
    /// authenticate the host first.
    /// </summary>
    ValueTask<IAsyncDisposable> ConnectAsync(string streamId, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Whether any publisher session of the stream is connected (on any node, in a cluster).</summary>
    ValueTask<bool> IsConnectedAsync(string streamId, CancellationToken cancellationToken = default);
}
