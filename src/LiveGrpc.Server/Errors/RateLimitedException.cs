namespace LiveGrpc.Server.Errors;

/// <summary>The caller has used up its allowance for now (RESOURCE_EXHAUSTED).</summary>
public sealed class RateLimitedException(string message, TimeSpan? retryAfter) : DomainException(message)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
