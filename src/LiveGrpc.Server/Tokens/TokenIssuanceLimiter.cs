using System.Threading.RateLimiting;
using LiveGrpc.Server.Errors;
using Microsoft.Extensions.Options;

namespace LiveGrpc.Server.Tokens;

/// <summary>
/// A token bucket per peer address for token issuance: minting tokens and hashing passcodes is
/// the cheapest way to make this server burn CPU, so a single address gets a fair share.
/// </summary>
public sealed class TokenIssuanceLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public TokenIssuanceLimiter(IOptions<TokenOptions> options)
    {
        var settings = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(peer => RateLimitPartition.GetTokenBucketLimiter(peer, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.IssuanceBurst,
            TokensPerPeriod = settings.IssuancePermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Takes one permit for <paramref name="peer"/> or throws <see cref="RateLimitedException"/>.</summary>
    public void Acquire(string peer)
    {
        using var lease = _limiter.AttemptAcquire(peer);
        if (!lease.IsAcquired)
        {
            TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null;
            throw new RateLimitedException("Too many token requests from your address; wait a moment and retry.", retryAfter);
        }
    }

    public void Dispose() => _limiter.Dispose();
}
