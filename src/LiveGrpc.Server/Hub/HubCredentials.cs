using LiveGrpc.Server.Errors;
using LiveGrpc.Server.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;

namespace LiveGrpc.Server.Hub;

/// <summary>
/// Checks LiveGrpc tokens presented to the hub, turning a rejection into a hub error whose code
/// says whether fetching a fresh token will help (token_expired) or not (invalid_token).
/// </summary>
public sealed class HubCredentials(TokenIssuer issuer, TimeProvider time)
{
    public const int MaxTokenLength = 8 * 1024;

    public async Task<AccessTokenClaims> ValidateAsync(string? token, string field)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw HubErrors.Create(HubErrorCodes.InvalidToken, $"{field}: a token from TokenService is required.");
        }
        if (token.Length > MaxTokenLength)
        {
            throw HubErrors.Create(HubErrorCodes.InvalidToken, $"{field}: the token is too long to be a LiveGrpc token.");
        }
        try
        {
            return await issuer.ValidateAsync(token).ConfigureAwait(false);
        }
        catch (AuthenticationRequiredException ex)
        {
            // The issuer's message is written for people; the code is for the client's logic. Reading
            // exp without the signature is safe here: the token is rejected either way, and the worst
            // a forged expired token earns is the advice to fetch a new one.
            throw HubErrors.Create(IsPastExpiry(token) ? HubErrorCodes.TokenExpired : HubErrorCodes.InvalidToken, ex.Message);
        }
    }

    private bool IsPastExpiry(string token)
    {
        try
        {
            var jwt = new JsonWebToken(token);
            return jwt.ValidTo != DateTime.MinValue && jwt.ValidTo <= time.GetUtcNow().UtcDateTime;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
