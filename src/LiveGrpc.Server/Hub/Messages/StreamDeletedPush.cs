namespace LiveGrpc.Server.Hub.Messages;

/// <summary>Pushed as "StreamDeleted": the last push of that stream; the hub has released every session on it.</summary>
public sealed record StreamDeletedPush(string StreamId, long Version, DateTimeOffset Time);
