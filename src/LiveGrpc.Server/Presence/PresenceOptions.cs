using System.ComponentModel.DataAnnotations;

namespace LiveGrpc.Server.Presence;

/// <summary>Configuration section "Presence".</summary>
public sealed class PresenceOptions
{
    public const string SectionName = "Presence";

    /// <summary>Viewer counts are pushed at most once per stream per interval, and only when they change.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromSeconds(1);
}
