using System.Text;
using System.Text.Json;
using LiveGrpc.TwilioStandIn.Rest;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveGrpc.TwilioStandIn.Control;

/// <summary>What a valid Access Token lets a client do in Video: join as Identity, only Room if it names one.</summary>
internal sealed record VideoAccess(string Identity, string? Room);

/// <summary>
/// Checks an Access Token the way Twilio's signalling does before a participant joins: HS256
/// signed with the API key secret, cty twilio-fpa;v=1, iss the API key SID, sub the account
/// SID, not expired (against the stand-in's clock), at most 24 hours long, with an identity and
/// a video grant. Failures carry Twilio's access-token error codes (20101-20107, 20157).
/// </summary>
internal sealed class AccessTokens(IOptions<StandInOptions> options, StandInClock clock)
{
    private const string ContentType = "twilio-fpa;v=1";
    private static readonly TimeSpan MaximumLifetime = TimeSpan.FromHours(24);

    private readonly JsonWebTokenHandler handler = new();

    public async Task<VideoAccess> ValidateAsync(string token)
    {
        var account = options.Value;
        if (!handler.CanReadToken(token))
        {
            throw Rejected(20101, "Invalid Access Token");
        }
        var jwt = handler.ReadJsonWebToken(token);
        if (jwt.Alg != SecurityAlgorithms.HmacSha256 || !jwt.TryGetHeaderValue<string>("cty", out var cty) || cty != ContentType)
        {
            throw Rejected(20102, $"Invalid Access Token header: alg must be HS256 and cty {ContentType}");
        }
        if (jwt.Issuer != account.ApiKeySid || jwt.Subject != account.AccountSid)
        {
            throw Rejected(20103, "Invalid Access Token issuer/subject");
        }

        // The library checks the signature; lifetimes are checked below against the stand-in's clock.
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(account.ApiKeySecret)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidIssuer = account.ApiKeySid,
            ValidateAudience = false,
            ValidateLifetime = false,
        });
        if (!result.IsValid)
        {
            throw Rejected(20107, "Invalid Access Token signature");
        }

        var now = clock.Now;
        if (!jwt.TryGetPayloadValue<long>("exp", out var exp) || DateTimeOffset.FromUnixTimeSeconds(exp) <= now)
        {
            throw Rejected(20104, "Access Token expired or expiration date invalid");
        }
        if (jwt.TryGetPayloadValue<long>("nbf", out var nbf) && DateTimeOffset.FromUnixTimeSeconds(nbf) > now)
        {
            throw Rejected(20105, "Access Token not yet valid");
        }
        if (DateTimeOffset.FromUnixTimeSeconds(exp) - now > MaximumLifetime)
        {
            throw Rejected(20157, "Expiration Time Exceeds Maximum Time Allowed");
        }

        using var grants = JsonDocument.Parse(Base64UrlEncoder.Decode(token.Split('.')[1]));
        if (!grants.RootElement.TryGetProperty("grants", out var granted)
            || !granted.TryGetProperty("identity", out var identity) || identity.ValueKind != JsonValueKind.String || identity.GetString() is not { Length: > 0 } name
            || !granted.TryGetProperty("video", out var video) || video.ValueKind != JsonValueKind.Object)
        {
            throw Rejected(20106, "Invalid Access Token grants: an identity and a video grant are required");
        }
        var room = video.TryGetProperty("room", out var named) && named.ValueKind == JsonValueKind.String ? named.GetString() : null;
        return new VideoAccess(name, room);
    }

    private static TwilioErrorException Rejected(int code, string message) => TwilioErrorException.Of(401, code, message);
}
