namespace LiveGrpc.Server.Tokens;

/// <summary>An audience member asking to watch; a passcode or invite is needed only for PRIVATE streams.</summary>
public sealed record ViewerTokenRequest(string StreamId, string? Passcode, string? InviteCode, string? DisplayName);
