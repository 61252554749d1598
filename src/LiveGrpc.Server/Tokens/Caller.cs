namespace LiveGrpc.Server.Tokens;

/// <summary>
/// Who is calling, as established from the <c>authorization</c> metadata before any handler runs.
/// A host secret is kept raw only for the duration of the call, to compare with the stream's hash.
/// </summary>
public sealed record Caller(CallerKind Kind, string? HostSecret = null, AccessTokenClaims? Token = null)
{
    public static readonly Caller Anonymous = new(CallerKind.Anonymous);

    public static Caller WithHostSecret(string secret) => new(CallerKind.HostSecret, HostSecret: secret);

    public static Caller WithToken(AccessTokenClaims claims) => new(CallerKind.Token, Token: claims);

    // Never print the secret (records print every property by default).
    public override string ToString() => Kind switch
    {
        CallerKind.Token => $"Caller {{ Token = {Token!.Role} of {Token.StreamId} }}",
        _ => $"Caller {{ {Kind} }}",
    };
}
