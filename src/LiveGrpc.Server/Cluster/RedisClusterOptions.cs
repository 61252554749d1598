using System.ComponentModel.DataAnnotations;
using StackExchange.Redis;

namespace LiveGrpc.Server.Cluster;

/// <summary>
/// Configuration section "Redis". Setting <see cref="Configuration"/> turns a node into a member
/// of a cluster: stream events, viewer and publisher presence, viewer-token bindings, the Local
/// media mesh and per-stream locks live in Redis, and the SignalR hub scales out over it.
/// </summary>
public sealed class RedisClusterOptions : IValidatableObject
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis.example:6379,password=...</c>. Empty: one node, in-process.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key and channel, so several deployments can share one Redis.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,32}$", ErrorMessage = "Redis:KeyPrefix is 1 to 32 characters of A-Z a-z 0-9 _ . -.")]
    public string KeyPrefix { get; set; } = "livegrpc";

    /// <summary>
    /// A node that has not renewed its heartbeat for this long is dead: its viewers leave the
    /// counts and its publishers' streams go RECONNECTING. Heartbeats go every quarter of it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:05:00")]
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a stream's cluster lock lasts if its holder never releases it (a node died mid-change).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);

    public TimeSpan HeartbeatInterval => NodeTimeout / 4;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }
        string? problem = null;
        try
        {
            _ = ConfigurationOptions.Parse(Configuration!);
        }
        catch (ArgumentException invalid)
        {
            // StackExchange.Redis names the bad keyword, not the password.
            problem = invalid.Message;
        }
        if (problem is not null)
        {
            yield return new ValidationResult($"Redis:Configuration is not a valid StackExchange.Redis configuration string: {problem}", [nameof(Configuration)]);
        }
    }
}
