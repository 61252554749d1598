namespace LiveGrpc.Server.Streams;

/// <summary>Where a stream is in its lifecycle. Values match livegrpc.v1.StreamStatus.</summary>
public enum StreamStatus
{
    Offline = 1,
    /// <summary>StartStream accepted; waiting for the host's publisher session.</summary>
    Starting = 2,
    Live = 3,
    /// <summary>The publisher session dropped; inside the grace window.</summary>
    Reconnecting = 4,
    /// <summary>StopStream accepted; media being released.</summary>
    Stopping = 5,
}
