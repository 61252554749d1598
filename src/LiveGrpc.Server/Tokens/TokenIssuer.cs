using System.Security.Claims;
using LiveGrpc.Server.Errors;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveGrpc.Server.Tokens;

/// <summary>
/// Issues and validates LiveGrpc tokens (HS256 JWTs): access tokens for one stream and role, and
/// invite codes for private streams. Expiry is checked against the injected <see cref="TimeProvider"/>
/// rather than the library's wall clock, so it is testable and consistent with the rest of the server.
/// </summary>
public sealed class TokenIssuer
{
    private const string StreamClaim = "lg_stream";
    private const string RoleClaim = "lg_role";
    private const string SessionClaim = "sid";
    private const string InviteRole = "invite";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly TokenOptions _options;
    private readonly TimeProvider _time;
    // Built once, on first use (the key may be generated into the data directory then):
    // every issued token and every authenticated call would otherwise rebuild them.
    private readonly Lazy<SigningCredentials> _signing;
    private readonly Lazy<TokenValidationParameters> _validation;

    public TokenIssuer(ServerKeys keys, IOptions<TokenOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        var key = new Lazy<SymmetricSecurityKey>(() => new SymmetricSecurityKey(keys.TokenSigningKey));
        _signing = new Lazy<SigningCredentials>(() => new SigningCredentials(key.Value, SecurityAlgorithms.HmacSha256));
        _validation = new Lazy<TokenValidationParameters>(() => new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.Issuer,
            IssuerSigningKey = key.Value,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            // Checked against the injected clock in RequireUnexpired.
            ValidateLifetime = false,
        });
    }

    public string Issue(AccessTokenClaims claims)
    {
        var subject = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = claims.Identity,
            [SessionClaim] = claims.SessionId,
            [StreamClaim] = claims.StreamId,
            [RoleClaim] = claims.Role == TokenRole.Publisher ? "publisher" : "viewer",
        };
        if (!string.IsNullOrEmpty(claims.DisplayName))
        {
            subject[JwtRegisteredClaimNames.Name] = claims.DisplayName;
        }
        return Create(subject, claims.ExpireTime);
    }

    public string IssueInvite(string streamId, DateTimeOffset expireTime) =>
        Create(new Dictionary<string, object> { [StreamClaim] = streamId, [RoleClaim] = InviteRole }, expireTime);

    /// <summary>The token's claims, or <see cref="AuthenticationRequiredException"/> saying why it is not acceptable.</summary>
    public async Task<AccessTokenClaims> ValidateAsync(string token)
    {
        var jwt = await ValidateSignatureAsync(token).ConfigureAwait(false)
            ?? throw new AuthenticationRequiredException("The token is not valid for this server; request a new one with TokenService.");
        var expireTime = RequireUnexpired(jwt);
        var role = jwt.TryGetPayloadValue<string>(RoleClaim, out var r) ? r : null;
        if (role is not ("viewer" or "publisher")
            || !jwt.TryGetPayloadValue<string>(StreamClaim, out var streamId)
            || !jwt.TryGetPayloadValue<string>(SessionClaim, out var sessionId))
        {
            throw new AuthenticationRequiredException("The credential is not an access token; request one with TokenService.");
        }
        jwt.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Name, out var name);
        return new AccessTokenClaims(
            streamId, role == "publisher" ? TokenRole.Publisher : TokenRole.Viewer, jwt.Subject, sessionId, expireTime, name);
    }

    /// <summary>True when <paramref name="code"/> is an unexpired invite this server minted for <paramref name="streamId"/>.</summary>
    public async Task<bool> IsValidInviteAsync(string code, string streamId)
    {
        var jwt = await ValidateSignatureAsync(code).ConfigureAwait(false);
        return jwt is not null
            && jwt.ValidTo > _time.GetUtcNow().UtcDateTime
            && jwt.TryGetPayloadValue<string>(RoleClaim, out var role) && role == InviteRole
            && jwt.TryGetPayloadValue<string>(StreamClaim, out var invited) && invited == streamId;
    }

    private string Create(Dictionary<string, object> claims, DateTimeOffset expireTime)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Issuer,
            IssuedAt = now,
            NotBefore = now,
            Expires = expireTime.UtcDateTime,
            Claims = claims,
            SigningCredentials = _signing.Value,
        });
    }

    private async Task<JsonWebToken?> ValidateSignatureAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, _validation.Value).ConfigureAwait(false);
        return result.IsValid ? result.SecurityToken as JsonWebToken : null;
    }

    private DateTimeOffset RequireUnexpired(JsonWebToken jwt)
    {
        var expireTime = new DateTimeOffset(DateTime.SpecifyKind(jwt.ValidTo, DateTimeKind.Utc));
        if (jwt.ValidTo == DateTime.MinValue || expireTime <= _time.GetUtcNow())
        {
            throw new AuthenticationRequiredException("The token has expired; request a new one with TokenService.");
        }
        return expireTime;
    }
}
