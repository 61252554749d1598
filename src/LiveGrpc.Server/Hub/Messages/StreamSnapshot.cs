using LiveGrpc.Server.Streams;
using Stream = LiveGrpc.Server.Streams.Stream;

namespace LiveGrpc.Server.Hub.Messages;

/// <summary>
/// A stream as of <paramref name="Version"/>. Clients keep it and apply a later push only when the
/// push's version is higher than the version at which they last set that part (status, count or
/// details), so pushes that raced a join or a reconnect are dropped rather than rolling state back.
/// </summary>
public sealed record StreamSnapshot(
    string StreamId,
    string Title,
    string Description,
    Visibility Visibility,
    StreamStatus Status,
    long Version,
    int ViewerCount,
    BroadcastInfo? Broadcast,
    DateTimeOffset UpdateTime)
{
    public static StreamSnapshot From(Stream stream) => new(
        stream.Id, stream.Title, stream.Description, stream.Visibility, stream.Status, stream.Version,
        stream.ViewerCount, BroadcastInfo.From(stream.CurrentBroadcast), stream.UpdateTime);
}
