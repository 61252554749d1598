namespace LiveGrpc.Server.Presence;

/// <summary>A stream's audience right now, and for its current broadcast.</summary>
public readonly record struct ViewerFigures(int ViewerCount, int PeakViewers, int TotalViewers);
