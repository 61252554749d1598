using LiveGrpc.Server.Streams;

namespace LiveGrpc.Server.Hub.Messages;

/// <summary>Pushed as "StatusChanged": the stream's new status and the broadcast it concerns.</summary>
public sealed record StreamStatusPush(string StreamId, long Version, DateTimeOffset Time, StreamStatus Status, BroadcastInfo? Broadcast);
