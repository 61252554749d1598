namespace LiveGrpc.Server.Streams;

/// <summary>Title, description or visibility changed; carries the stream as it is now.</summary>
public sealed record StreamUpdatedEvent(string StreamId, long Version, DateTimeOffset Time, string Title, string Description, Visibility Visibility)
    : StreamEvent(StreamId, Version, Time);
