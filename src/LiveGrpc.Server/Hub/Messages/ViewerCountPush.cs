namespace LiveGrpc.Server.Hub.Messages;

/// <summary>
/// Pushed as "ViewerCountChanged": at most one per stream per push interval, only when a number
/// changed. Peak and total describe the current broadcast (zero while offline).
/// </summary>
public sealed record ViewerCountPush(string StreamId, long Version, DateTimeOffset Time, int ViewerCount, int PeakViewers, int TotalViewers);
