namespace LiveGrpc.Server.Streams;

/// <summary>One time a stream went live: from StartStream until it ended, with its audience figures.</summary>
public sealed class Broadcast
{
    public required string Id { get; init; }

    public required string StreamId { get; init; }

    public required DateTimeOffset StartTime { get; init; }

    public DateTimeOffset? EndTime { get; set; }

    public EndReason EndReason { get; set; }

    /// <summary>Highest concurrent viewer count seen while it ran.</summary>
    public int PeakViewers { get; set; }

    /// <summary>Distinct watch sessions that watched while it ran.</summary>
    public int TotalViewers { get; set; }

    public bool HasEnded => EndTime is not null;

    public Broadcast Clone() => (Broadcast)MemberwiseClone();
}
