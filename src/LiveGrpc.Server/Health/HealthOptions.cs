using System.ComponentModel.DataAnnotations;

namespace LiveGrpc.Server.Health;

/// <summary>Configuration section "Health".</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>
    /// How often the readiness checks run for grpc.health.v1 Watch callers (Check always runs them
    /// on the spot); a lost store shows as NOT_SERVING at most this late.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(10);
}
