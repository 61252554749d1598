namespace LiveGrpc.Server.Persistence;

/// <summary>A broadcast row; history is kept for as long as its stream exists.</summary>
public sealed class BroadcastEntity
{
    public required string Id { get; set; }
    public required string StreamId { get; set; }
    public long StartTime { get; set; }
    public long? EndTime { get; set; }
    public int EndReason { get; set; }
    public int PeakViewers { get; set; }
    public int TotalViewers { get; set; }
}
