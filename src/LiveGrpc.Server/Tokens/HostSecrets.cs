using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace LiveGrpc.Server.Tokens;

/// <summary>
/// Host secrets: 256 random (or HMAC-derived) bits, shown once, stored as SHA-256. A fast hash is
/// right here because the secret has full entropy — there is nothing to brute-force — and it
/// keeps every host action cheap. Comparison is constant-time.
/// </summary>
public static class HostSecrets
{
    /// <summary>Marks a bearer credential as a host secret rather than a token.</summary>
    public const string Prefix = "lgs_";

    public static string Generate() => Prefix + Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>A secret that can be recomputed from <paramref name="key"/> and <paramref name="material"/> (see CreateStream request_id).</summary>
    public static string Derive(byte[] key, string material) =>
        Prefix + Base64UrlEncoder.Encode(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(material)));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string storedHash)
    {
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        byte[] expected;
        try
        {
            expected = Convert.FromHexString(storedHash);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    public static bool LooksLikeSecret(string credential) => credential.StartsWith(Prefix, StringComparison.Ordinal);
}
