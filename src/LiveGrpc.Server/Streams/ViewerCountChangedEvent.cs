namespace LiveGrpc.Server.Streams;

/// <summary>
/// Coalesced viewer figures: at most one per stream per push interval, and only when a number
/// changed. Peak and total describe the current broadcast (zero while offline).
/// </summary>
public sealed record ViewerCountChangedEvent(string StreamId, long Version, DateTimeOffset Time, int ViewerCount, int PeakViewers, int TotalViewers)
    : StreamEvent(StreamId, Version, Time);
