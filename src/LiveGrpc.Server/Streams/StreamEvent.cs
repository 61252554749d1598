namespace LiveGrpc.Server.Streams;

/// <summary>
/// A change to one stream, published after it is stored. <see cref="Version"/> is the stream's
/// version after the change; per stream, events are published in version order.
/// </summary>
public abstract record StreamEvent(string StreamId, long Version, DateTimeOffset Time)
{
    /// <summary>Unique id, so consumers relaying events (hub, WatchStream) can de-duplicate.</summary>
    public string EventId { get; init; } = Ids.NewEventId();
}
