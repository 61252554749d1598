namespace LiveGrpc.Server.Streams;

/// <summary>A keyset position in a stream's newest-first broadcast history.</summary>
public sealed record BroadcastCursor(DateTimeOffset StartTime, string Id);
