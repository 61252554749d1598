namespace LiveGrpc.Server.Streams;

/// <summary>The stream was deleted; it is the last event of that stream.</summary>
public sealed record StreamDeletedEvent(string StreamId, long Version, DateTimeOffset Time)
    : StreamEvent(StreamId, Version, Time);
