namespace LiveGrpc.Server.Streams;

/// <summary>The stream's status changed; <see cref="Broadcast"/> is a copy of the broadcast it concerns (ended ones carry end time and reason).</summary>
public sealed record StreamStatusChangedEvent(string StreamId, long Version, DateTimeOffset Time, StreamStatus Status, Broadcast? Broadcast)
    : StreamEvent(StreamId, Version, Time);
