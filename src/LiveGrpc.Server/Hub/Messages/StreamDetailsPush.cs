using LiveGrpc.Server.Streams;

namespace LiveGrpc.Server.Hub.Messages;

/// <summary>Pushed as "StreamUpdated": the host edited title, description or visibility.</summary>
public sealed record StreamDetailsPush(string StreamId, long Version, DateTimeOffset Time, string Title, string Description, Visibility Visibility);
