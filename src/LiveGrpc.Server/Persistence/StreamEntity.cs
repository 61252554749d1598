namespace LiveGrpc.Server.Persistence;

/// <summary>
/// A stream row. Times are Unix microseconds (UTC) because SQLite has no native timestamp and
/// keyset pagination needs an ordered, exact column.
/// </summary>
public sealed class StreamEntity
{
    public required string Id { get; set; }
    public required string Title { get; set; }
    /// <summary>Upper-cased title for case-insensitive title_query matching.</summary>
    public required string TitleSearch { get; set; }
    public required string Description { get; set; }
    public int Visibility { get; set; }
    public string? PasscodeHash { get; set; }
    public required string HostSecretHash { get; set; }
    public int Status { get; set; }
    public string? CurrentBroadcastId { get; set; }
    public long? LastLiveEndTime { get; set; }
    public long CreateTime { get; set; }
    public long UpdateTime { get; set; }
    public long Version { get; set; }
    public int ViewerCount { get; set; }
    public long? PublisherDeadline { get; set; }
    public int DeadlineEndReason { get; set; }
}
