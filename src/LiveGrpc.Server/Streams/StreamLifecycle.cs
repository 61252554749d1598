using LiveGrpc.Server.Errors;
using LiveGrpc.Server.Media;
using LiveGrpc.Server.Presence;
using LiveGrpc.Server.Tokens;
using Microsoft.Extensions.Options;

namespace LiveGrpc.Server.Streams;

/// <summary>
/// Drives every status change of a stream: start, stop, publisher arrivals and departures,
/// deadline expiries, restart recovery, deletion, and coalesced viewer figures. Each change
/// happens under the stream's lock, is stored, and only then published, so subscribers see
/// versions in order and never a change that was not kept.
/// </summary>
public sealed class StreamLifecycle(
    IStreamStore store,
    StreamLocks locks,
    IStreamEventBus bus,
    IAudienceFigures viewers,
    IPublisherSessions publishers,
    IMediaProvider media,
    IOptions<StreamsOptions> options,
    TimeProvider time,
    ILogger<StreamLifecycle> logger)
{
    /// <summary>How often a transition that lost a race with another node is re-read and retried.</summary>
    private const int MaxConflictRetries = 3;

    private StreamsOptions Settings => options.Value;

    /// <summary>
    /// Goes live. A stream already STARTING, LIVE or RECONNECTING returns its current broadcast
    /// unchanged; otherwise a new broadcast starts and waits for the host's publisher session
    /// (immediately LIVE when one is already connected).
    /// </summary>
    public async Task<(Stream Stream, Broadcast Broadcast)> StartAsync(string streamId, Caller caller, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync(streamId, cancellationToken).ConfigureAwait(false);
        var stream = await store.GetAsync(streamId, cancellationToken).ConfigureAwait(false);
        HostAccess.Demand(stream, caller);
        if (stream.Status is StreamStatus.Starting or StreamStatus.Live or StreamStatus.Reconnecting)
        {
            return (stream, stream.CurrentBroadcast!);
        }
        if (stream.Status == StreamStatus.Stopping)
        {
            throw new PreconditionFailedException("The stream is still stopping its previous broadcast; try again in a moment.");
        }

        var now = time.GetUtcNow();
        var broadcast = new Broadcast { Id = Ids.NewBroadcastId(), StreamId = streamId, StartTime = now };
        var mediaBroadcast = new MediaBroadcast(streamId, broadcast.Id);
        try
        {
            await media.StartBroadcastAsync(mediaBroadcast, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Media provider {Provider} failed to start broadcast {BroadcastId} of {StreamId}", media.Kind, broadcast.Id, streamId);
            throw new ServiceUnavailableException("The media service could not start the broadcast; try again shortly.");
        }

        try
        {
            var expected = stream.Version;
            stream.BeginBroadcast(broadcast, now, now + Settings.ReconnectGracePeriod);
            await store.SaveAsync(stream, expected, null, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await StopMediaAsync(mediaBroadcast).ConfigureAwait(false);
            throw;
        }
        await viewers.BeginBroadcastAsync(streamId, broadcast.Id, 0, 0, CancellationToken.None).ConfigureAwait(false);
        PublishStatus(stream, broadcast);
        logger.LogInformation("Stream {StreamId} starting broadcast {BroadcastId}", streamId, broadcast.Id);

        await ApplyPublisherPresenceAsync(stream, cancellationToken).ConfigureAwait(false);
        return (stream, stream.CurrentBroadcast ?? broadcast);
    }

    /// <summary>Goes offline. An offline stream answers with no broadcast; otherwise the ended broadcast is returned.</summary>
    public async Task<(Stream Stream, Broadcast? Ended)> StopAsync(string streamId, Caller caller, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync(streamId, cancellationToken).ConfigureAwait(false);
        var stream = await store.GetAsync(streamId, cancellationToken).ConfigureAwait(false);
        HostAccess.Demand(stream, caller);
        if (stream.IsOffline)
        {
            return (stream, null);
        }
        var ended = await EndLockedAsync(stream, EndReason.HostStopped, announceStopping: true).ConfigureAwait(false);
        return (stream, ended);
    }

    /// <summary>Deletes a stream, ending its broadcast first (STREAM_DELETED), then tells watchers it is gone.</summary>
    public async Task DeleteAsync(string streamId, Caller caller, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync(streamId, cancellationToken).ConfigureAwait(false);
        var stream = await store.GetAsync(streamId, cancellationToken).ConfigureAwait(false);
        HostAccess.Demand(stream, caller);
        if (!stream.IsOffline)
        {
            await EndLockedAsync(stream, EndReason.StreamDeleted, announceStopping: true).ConfigureAwait(false);
        }
        await store.DeleteAsync(streamId, CancellationToken.None).ConfigureAwait(false);
        await viewers.ForgetAsync(streamId, CancellationToken.None).ConfigureAwait(false);
        bus.Publish(new StreamDeletedEvent(streamId, stream.Version + 1, time.GetUtcNow()));
        logger.LogInformation("Stream {StreamId} deleted", streamId);
    }

    /// <summary>
    /// Brings the status in line with whether a publisher session is connected: STARTING or
    /// RECONNECTING becomes LIVE when one is; LIVE becomes RECONNECTING when none is. Called by
    /// <see cref="PublisherPresence"/> on every arrival and departure; re-checking the registry
    /// under the lock makes racing arrivals and departures converge.
    /// </summary>
    public async Task ReconcilePublisherAsync(string streamId, CancellationToken cancellationToken)
    {
        // Cluster: another node may have written the stream between our read and save (only when
        // its cluster lock expired, or with PostgreSQL and no Redis). An arrival or departure must
        // not be lost to that, so a conflict re-reads and re-decides.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var _ = await locks.AcquireAsync(streamId, cancellationToken).ConfigureAwait(false);
                var stream = await store.FindAsync(streamId, cancellationToken).ConfigureAwait(false);
                if (stream is not null)
                {
                    await ApplyPublisherPresenceAsync(stream, cancellationToken).ConfigureAwait(false);
                }
                return;
            }
            catch (StreamConcurrencyException) when (attempt < MaxConflictRetries)
            {
                logger.LogDebug("Stream {StreamId} changed on another node while reconciling its publisher; retrying", streamId);
            }
        }
    }

    /// <summary>Ends every broadcast whose grace window or maximum duration has passed. Run periodically.</summary>
    public async Task EndDueBroadcastsAsync(CancellationToken cancellationToken)
    {
        foreach (var streamId in await store.ListUnfinishedAsync(cancellationToken).ConfigureAwait(false))
        {
            using var _ = await locks.AcquireAsync(streamId, cancellationToken).ConfigureAwait(false);
            var stream = await store.FindAsync(streamId, cancellationToken).ConfigureAwait(false);
            var reason = stream?.DueEndReason(time.GetUtcNow(), Settings.MaxBroadcastDuration) ?? EndReason.None;
            if (reason == EndReason.None)
            {
                // Cluster: a publisher can vanish unreported (its node died, Redis lost its state),
                // so each tick brings LIVE/RECONNECTING in line with who is connected anywhere.
                if (stream is not null && publishers.IsClusterWide && publishers.IsSettled)
                {
                    await ApplyPublisherPresenceAsync(stream, cancellationToken).ConfigureAwait(false);
                }
                continue;
            }
            // A lapsed grace window goes straight to OFFLINE (RECONNECTING -> OFFLINE); a broadcast
            // cut off at its maximum duration is stopped like StopStream.
            await EndLockedAsync(stream!, reason, announceStopping: reason == EndReason.MaxDuration).ConfigureAwait(false);
            logger.LogInformation("Stream {StreamId} broadcast ended: {Reason}", streamId, reason);
        }
    }

    /// <summary>
    /// Start-up: no publisher session survives a restart, so every unfinished broadcast waits for
    /// its host for one grace window and otherwise ends with SERVER_RESTART; a stop that was cut
    /// short is finished. Never leaves a stream LIVE with nobody behind it.
    /// </summary>
    public async Task RecoverAfterRestartAsync(CancellationToken cancellationToken)
    {
        // Cluster: this node starting says nothing about publishers on the others. A stopping
        // broadcast is still finished (under the cluster lock, so its stopper is gone); the rest is
        // left to the deadline ticks, which end up RECONNECTING only what no node holds any more.
        var clusterWide = publishers.IsClusterWide;
        foreach (var streamId in await store.ListUnfinishedAsync(cancellationToken).ConfigureAwait(false))
        {
            using var _ = await locks.AcquireAsync(streamId, cancellationToken).ConfigureAwait(false);
            var stream = await store.FindAsync(streamId, cancellationToken).ConfigureAwait(false);
            if (stream is null || stream.IsOffline)
            {
                continue;
            }
            if (stream.Status == StreamStatus.Stopping)
            {
                await EndLockedAsync(stream, EndReason.HostStopped, announceStopping: false).ConfigureAwait(false);
                continue;
            }
            if (clusterWide)
            {
                continue;
            }
            var now = time.GetUtcNow();
            var expected = stream.Version;
            stream.RecoverAfterRestart(now, now + Settings.ReconnectGracePeriod);
            await store.SaveAsync(stream, expected, null, cancellationToken).ConfigureAwait(false);
            var broadcast = stream.CurrentBroadcast!;
            await viewers.BeginBroadcastAsync(streamId, broadcast.Id, broadcast.PeakViewers, broadcast.TotalViewers, cancellationToken).ConfigureAwait(false);
            PublishStatus(stream, broadcast);
            logger.LogInformation("Stream {StreamId} was live before the restart; waiting {Grace} for its host", streamId, Settings.ReconnectGracePeriod);
        }
    }

    /// <summary>
    /// Stores and publishes the viewer figures of every stream whose audience changed since the
    /// last call: one event per stream per call, only when a number changed. Run once per push interval.
    /// </summary>
    public async Task FlushViewerFiguresAsync(CancellationToken cancellationToken)
    {
        foreach (var streamId in await viewers.TakeDirtyStreamsAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await FlushViewerFiguresAsync(streamId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One stream's failure must not hold back the others; its next join or leave retries it.
                logger.LogError(ex, "Publishing the viewer count of {StreamId} failed", streamId);
            }
        }
    }

    private async Task FlushViewerFiguresAsync(string streamId, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync(streamId, cancellationToken).ConfigureAwait(false);
        var stream = await store.FindAsync(streamId, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return;
        }
        var figures = await viewers.GetFiguresAsync(streamId, stream.CurrentBroadcast?.Id, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var expected = stream.Version;
        // Peak and total only grow within a broadcast, whatever presence lost meanwhile (a restart, Redis's state).
        var peak = Math.Max(figures.PeakViewers, stream.CurrentBroadcast?.PeakViewers ?? 0);
        var total = Math.Max(figures.TotalViewers, stream.CurrentBroadcast?.TotalViewers ?? 0);
        if (!stream.ApplyViewerFigures(now, figures.ViewerCount, peak, total))
        {
            return;
        }
        await store.SaveAsync(stream, expected, null, cancellationToken).ConfigureAwait(false);
        bus.Publish(new ViewerCountChangedEvent(
            streamId, stream.Version, now, stream.ViewerCount,
            stream.CurrentBroadcast?.PeakViewers ?? 0, stream.CurrentBroadcast?.TotalViewers ?? 0));
    }

    /// <summary>Tells watchers about a metadata edit already stored by the caller (under the stream's lock).</summary>
    internal void PublishUpdated(Stream stream) =>
        bus.Publish(new StreamUpdatedEvent(stream.Id, stream.Version, stream.UpdateTime, stream.Title, stream.Description, stream.Visibility));

    private async Task ApplyPublisherPresenceAsync(Stream stream, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expected = stream.Version;
        var changed = await publishers.IsConnectedAsync(stream.Id, cancellationToken).ConfigureAwait(false)
            ? stream.MarkPublisherConnected(now)
            : stream.MarkPublisherLost(now, now + Settings.ReconnectGracePeriod);
        if (!changed)
        {
            return;
        }
        await store.SaveAsync(stream, expected, null, cancellationToken).ConfigureAwait(false);
        PublishStatus(stream, stream.CurrentBroadcast);
        logger.LogInformation("Stream {StreamId} is {Status}", stream.Id, stream.Status);
    }

    /// <summary>
    /// Ends the current broadcast: optionally announces STOPPING, releases media, records the
    /// final audience figures, and goes OFFLINE. Runs to completion even if the caller has gone,
    /// so a stream is never left half-stopped.
    /// </summary>
    private async Task<Broadcast> EndLockedAsync(Stream stream, EndReason reason, bool announceStopping)
    {
        var broadcast = stream.CurrentBroadcast!;
        if (announceStopping && stream.Status != StreamStatus.Stopping)
        {
            var beforeStop = stream.Version;
            stream.BeginStop(time.GetUtcNow());
            await store.SaveAsync(stream, beforeStop, null, CancellationToken.None).ConfigureAwait(false);
            PublishStatus(stream, broadcast);
        }

        await StopMediaAsync(new MediaBroadcast(stream.Id, broadcast.Id)).ConfigureAwait(false);

        var figures = await viewers.EndBroadcastAsync(stream.Id, CancellationToken.None).ConfigureAwait(false);
        broadcast.PeakViewers = Math.Max(broadcast.PeakViewers, figures.PeakViewers);
        broadcast.TotalViewers = Math.Max(broadcast.TotalViewers, figures.TotalViewers);

        var expected = stream.Version;
        var ended = stream.EndBroadcast(time.GetUtcNow(), reason);
        await store.SaveAsync(stream, expected, ended, CancellationToken.None).ConfigureAwait(false);
        PublishStatus(stream, ended);
        return ended;
    }

    private async Task StopMediaAsync(MediaBroadcast broadcast)
    {
        try
        {
            await media.StopBroadcastAsync(broadcast, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The broadcast still ends; the provider's reconciler releases what is left.
            logger.LogError(ex, "Media provider {Provider} failed to stop broadcast {BroadcastId}", media.Kind, broadcast.BroadcastId);
        }
    }

    private void PublishStatus(Stream stream, Broadcast? broadcast) =>
        bus.Publish(new StreamStatusChangedEvent(stream.Id, stream.Version, stream.UpdateTime, stream.Status, broadcast?.Clone()));
}
