using System.ComponentModel.DataAnnotations;

namespace LiveGrpc.Server.Streams;

/// <summary>Configuration section "Streams".</summary>
public sealed class StreamsOptions
{
    public const string SectionName = "Streams";

    /// <summary>How long a dropped (or never-connected) host may take to come back before the broadcast ends.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReconnectGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every broadcast ends with MAX_DURATION after this long, so nothing runs unattended forever.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan MaxBroadcastDuration { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often deadlines (grace windows, maximum durations) are checked; an end is at most this late.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan DeadlineCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a CreateStream request_id returns the same stream.</summary>
    public static readonly TimeSpan RequestIdRetention = TimeSpan.FromHours(24);
}
