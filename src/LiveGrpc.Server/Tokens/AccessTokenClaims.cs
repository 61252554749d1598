namespace LiveGrpc.Server.Tokens;

/// <summary>The claims of a LiveGrpc token: one stream, one role, one participant identity and session.</summary>
public sealed record AccessTokenClaims(
    string StreamId, TokenRole Role, string Identity, string SessionId, DateTimeOffset ExpireTime, string? DisplayName = null);
