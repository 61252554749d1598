namespace LiveGrpc.Server.Tokens;

/// <summary>An invite code for a private stream and when it stops admitting viewers.</summary>
public sealed record IssuedInvite(string Code, DateTimeOffset ExpireTime);
