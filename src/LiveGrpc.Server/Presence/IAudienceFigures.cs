namespace LiveGrpc.Server.Presence;

/// <summary>
/// The lifecycle's side of viewer presence: broadcast boundaries and the coalesced figures it
/// stores and publishes. In-process on one node (<see cref="ViewerPresence"/>), in Redis across
/// nodes (Cluster/RedisViewerPresence), where "dirty" streams are claimed cluster-wide so each
/// stream's figures are pushed at most once per interval however many nodes flush.
/// </summary>
public interface IAudienceFigures
{
    /// <summary>
    /// Starts counting a broadcast: everyone already watching counts toward its total. A broadcast
    /// resumed after a restart passes its stored figures, since the sessions behind them are gone.
    /// </summary>
    ValueTask BeginBroadcastAsync(string streamId, string broadcastId, int basePeak, int baseTotal, CancellationToken cancellationToken);

    /// <summary>Stops counting the broadcast and returns its final figures.</summary>
    ValueTask<ViewerFigures> EndBroadcastAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>Forgets a deleted stream; its remaining leases become no-ops.</summary>
    ValueTask ForgetAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>Streams whose figures changed since they were last taken, for this flush to store and publish.</summary>
    ValueTask<IReadOnlyList<string>> TakeDirtyStreamsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Current count plus the figures of the broadcast <paramref name="broadcastId"/> (the stream's
    /// current one, or null while offline).
    /// </summary>
    ValueTask<ViewerFigures> GetFiguresAsync(string streamId, string? broadcastId, CancellationToken cancellationToken);
}
