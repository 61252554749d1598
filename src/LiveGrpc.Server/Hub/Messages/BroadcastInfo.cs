using LiveGrpc.Server.Streams;

namespace LiveGrpc.Server.Hub.Messages;

/// <summary>One time the stream went live; ended ones carry end time and reason.</summary>
public sealed record BroadcastInfo(
    string Id, DateTimeOffset StartTime, DateTimeOffset? EndTime, EndReason EndReason, int PeakViewers, int TotalViewers)
{
    public static BroadcastInfo? From(Broadcast? broadcast) => broadcast is null
        ? null
        : new(broadcast.Id, broadcast.StartTime, broadcast.EndTime, broadcast.EndReason, broadcast.PeakViewers, broadcast.TotalViewers);
}
