using System.ComponentModel.DataAnnotations;

namespace LiveGrpc.Server.Tokens;

/// <summary>Configuration section "Tokens".</summary>
public sealed class TokenOptions
{
    public const string SectionName = "Tokens";

    /// <summary>
    /// HMAC key for signing tokens (at least 32 characters, or base64 of at least 32 bytes). When
    /// empty, one is generated on first run and kept in the data directory — fine for one machine;
    /// set it explicitly when several servers must accept each other's tokens.
    /// </summary>
    [MinLength(32, ErrorMessage = "Tokens:SigningKey must be at least 32 characters.")]
    public string? SigningKey { get; set; }

    /// <summary>The <c>iss</c> and <c>aud</c> of issued tokens.</summary>
    [Required]
    public string Issuer { get; set; } = "livegrpc";

    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan ViewerTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan PublisherTokenLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Token requests each peer address may make per second, sustained.</summary>
    [Range(1, 1_000_000)]
    public int IssuancePermitsPerSecond { get; set; } = 20;

    /// <summary>
    /// How long viewer-token issuance may use a stream it read before (StreamReadCache). Changes on
    /// the event bus evict it sooner; this bounds what a change the bus missed can cost.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan StreamCacheTimeToLive { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many token requests a peer may make at once before the sustained rate applies.</summary>
    [Range(1, 1_000_000)]
    public int IssuanceBurst { get; set; } = 100;
}
