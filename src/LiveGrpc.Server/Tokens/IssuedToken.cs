using LiveGrpc.Server.Media;

namespace LiveGrpc.Server.Tokens;

/// <summary>A minted token with what the client needs to reach the stream's media.</summary>
public sealed record IssuedToken(string Token, DateTimeOffset ExpireTime, string Identity, MediaAccess Media);
