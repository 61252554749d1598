namespace LiveGrpc.Server.Streams;

/// <summary>
/// A reusable channel and its lifecycle state machine:
/// <code>
/// OFFLINE -> STARTING -> LIVE -> STOPPING -> OFFLINE
///                        LIVE &lt;-> RECONNECTING -> OFFLINE
/// </code>
/// Every mutation bumps <see cref="Version"/> so clients can order events and drop stale ones.
/// Methods take the current time as an argument; the class never reads a clock, which keeps
/// grace windows and maximum durations testable.
/// </summary>
public sealed class Stream
{
    public required string Id { get; init; }

    public required string Title { get; set; }

    public string Description { get; set; } = "";

    public Visibility Visibility { get; set; } = Visibility.Public;

    /// <summary>PBKDF2 hash of the viewer passcode; null when the stream has none (PRIVATE then means invite-only).</summary>
    public string? PasscodeHash { get; set; }

    /// <summary>SHA-256 of the host secret; the secret itself is never stored.</summary>
    public required string HostSecretHash { get; init; }

    public StreamStatus Status { get; private set; } = StreamStatus.Offline;

    /// <summary>The broadcast in progress; null while OFFLINE.</summary>
    public Broadcast? CurrentBroadcast { get; private set; }

    public DateTimeOffset? LastLiveEndTime { get; private set; }

    public required DateTimeOffset CreateTime { get; init; }

    public DateTimeOffset UpdateTime { get; private set; }

    public long Version { get; private set; } = 1;

    /// <summary>The viewer count as of <see cref="Version"/> (the last coalesced push), not the instantaneous one.</summary>
    public int ViewerCount { get; private set; }

    /// <summary>
    /// While STARTING or RECONNECTING: when the broadcast ends unless a publisher session connects.
    /// </summary>
    public DateTimeOffset? PublisherDeadline { get; private set; }

    /// <summary>The reason recorded if <see cref="PublisherDeadline"/> passes (HOST_DISCONNECTED, or SERVER_RESTART after recovery).</summary>
    public EndReason DeadlineEndReason { get; private set; }

    public bool IsOffline => Status == StreamStatus.Offline;

    /// <summary>A new, OFFLINE stream at version 1.</summary>
    public static Stream Create(
        string id, string title, string description, Visibility visibility, string? passcodeHash, string hostSecretHash, DateTimeOffset now)
    {
        var stream = new Stream
        {
            Id = id,
            Title = title,
            Description = description,
            Visibility = visibility,
            PasscodeHash = passcodeHash,
            HostSecretHash = hostSecretHash,
            CreateTime = now,
        };
        stream.UpdateTime = now;
        return stream;
    }

    /// <summary>Rebuilds a stream from storage without treating it as a change.</summary>
    public static Stream Restore(
        Stream identity, StreamStatus status, Broadcast? currentBroadcast, DateTimeOffset? lastLiveEndTime,
        DateTimeOffset updateTime, long version, int viewerCount, DateTimeOffset? publisherDeadline, EndReason deadlineEndReason)
    {
        identity.Status = status;
        identity.CurrentBroadcast = currentBroadcast;
        identity.LastLiveEndTime = lastLiveEndTime;
        identity.UpdateTime = updateTime;
        identity.Version = version;
        identity.ViewerCount = viewerCount;
        identity.PublisherDeadline = publisherDeadline;
        identity.DeadlineEndReason = deadlineEndReason;
        return identity;
    }

    /// <summary>OFFLINE → STARTING: a new broadcast waits for the host's publisher session until <paramref name="publisherDeadline"/>.</summary>
    public void BeginBroadcast(Broadcast broadcast, DateTimeOffset now, DateTimeOffset publisherDeadline)
    {
        RequireStatus(StreamStatus.Offline);
        Status = StreamStatus.Starting;
        CurrentBroadcast = broadcast;
        PublisherDeadline = publisherDeadline;
        DeadlineEndReason = EndReason.HostDisconnected;
        Touch(now);
    }

    /// <summary>STARTING or RECONNECTING → LIVE. False when there was nothing to resume.</summary>
    public bool MarkPublisherConnected(DateTimeOffset now)
    {
        if (Status is not (StreamStatus.Starting or StreamStatus.Reconnecting))
        {
            return false;
        }
        Status = StreamStatus.Live;
        PublisherDeadline = null;
        DeadlineEndReason = EndReason.None;
        Touch(now);
        return true;
    }

    /// <summary>LIVE → RECONNECTING until <paramref name="graceDeadline"/>. False when not LIVE.</summary>
    public bool MarkPublisherLost(DateTimeOffset now, DateTimeOffset graceDeadline)
    {
        if (Status != StreamStatus.Live)
        {
            return false;
        }
        Status = StreamStatus.Reconnecting;
        PublisherDeadline = graceDeadline;
        DeadlineEndReason = EndReason.HostDisconnected;
        Touch(now);
        return true;
    }

    /// <summary>
    /// After a restart nobody's publisher session survived: an unfinished broadcast waits for its
    /// host like a dropped one, but ends with SERVER_RESTART. Viewers did not survive either.
    /// False when the stream was OFFLINE (or STOPPING, which the caller finishes instead).
    /// </summary>
    public bool RecoverAfterRestart(DateTimeOffset now, DateTimeOffset graceDeadline)
    {
        if (Status is not (StreamStatus.Starting or StreamStatus.Live or StreamStatus.Reconnecting))
        {
            return false;
        }
        Status = StreamStatus.Reconnecting;
        PublisherDeadline = graceDeadline;
        DeadlineEndReason = EndReason.ServerRestart;
        ViewerCount = 0;
        Touch(now);
        return true;
    }

    /// <summary>STARTING, LIVE or RECONNECTING → STOPPING.</summary>
    public void BeginStop(DateTimeOffset now)
    {
        if (Status is not (StreamStatus.Starting or StreamStatus.Live or StreamStatus.Reconnecting))
        {
            throw new InvalidOperationException($"Cannot stop a stream that is {Status}.");
        }
        Status = StreamStatus.Stopping;
        PublisherDeadline = null;
        Touch(now);
    }

    /// <summary>Any non-offline status → OFFLINE; returns the ended broadcast.</summary>
    public Broadcast EndBroadcast(DateTimeOffset now, EndReason reason)
    {
        if (Status == StreamStatus.Offline || CurrentBroadcast is null)
        {
            throw new InvalidOperationException("There is no broadcast to end.");
        }
        var ended = CurrentBroadcast;
        ended.EndTime = now;
        ended.EndReason = reason;
        Status = StreamStatus.Offline;
        CurrentBroadcast = null;
        PublisherDeadline = null;
        DeadlineEndReason = EndReason.None;
        LastLiveEndTime = now;
        Touch(now);
        return ended;
    }

    /// <summary>
    /// Why the current broadcast must end now, if it must: its publisher deadline passed or it
    /// reached <paramref name="maxDuration"/>. None otherwise.
    /// </summary>
    public EndReason DueEndReason(DateTimeOffset now, TimeSpan maxDuration)
    {
        if (CurrentBroadcast is null || Status == StreamStatus.Offline)
        {
            return EndReason.None;
        }
        if (PublisherDeadline is { } deadline && now >= deadline)
        {
            return DeadlineEndReason;
        }
        return now - CurrentBroadcast.StartTime >= maxDuration ? EndReason.MaxDuration : EndReason.None;
    }

    /// <summary>Records a coalesced viewer figure. False (and no version bump) when nothing changed.</summary>
    public bool ApplyViewerFigures(DateTimeOffset now, int viewerCount, int peakViewers, int totalViewers)
    {
        var broadcast = CurrentBroadcast;
        var changed = viewerCount != ViewerCount
            || (broadcast is not null && (broadcast.PeakViewers != peakViewers || broadcast.TotalViewers != totalViewers));
        if (!changed)
        {
            return false;
        }
        ViewerCount = viewerCount;
        if (broadcast is not null)
        {
            broadcast.PeakViewers = peakViewers;
            broadcast.TotalViewers = totalViewers;
        }
        Touch(now);
        return true;
    }

    /// <summary>Marks a metadata edit (title, description, visibility, passcode) as a change.</summary>
    public void MarkEdited(DateTimeOffset now) => Touch(now);

    private void RequireStatus(StreamStatus expected)
    {
        if (Status != expected)
        {
            throw new InvalidOperationException($"Expected {expected} but the stream is {Status}.");
        }
    }

    private void Touch(DateTimeOffset now)
    {
        Version++;
        UpdateTime = now;
    }
}
