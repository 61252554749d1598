using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LiveGrpc.Server.Errors;
using LiveGrpc.Server.Streams;
using Microsoft.IdentityModel.Tokens;

namespace LiveGrpc.Server.Grpc;

/// <summary>
/// Opaque page tokens: base64url of "v1|&lt;unix micros&gt;|&lt;id&gt;|&lt;filter hash&gt;", the keyset
/// position after the last item returned. The filter hash binds a token to the query that
/// issued it, so a token replayed with other filters is refused instead of skipping items.
/// </summary>
public static class PageTokens
{
    private const string Version = "v1";

    public static string Encode(DateTimeOffset time, string id, string filters)
    {
        var micros = (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        return Base64UrlEncoder.Encode(string.Join('|', Version, micros.ToString(CultureInfo.InvariantCulture), id, Hash(filters)));
    }

    /// <summary>The position in <paramref name="token"/>, or null for an empty token; INVALID_ARGUMENT when it is not ours or was issued for other filters.</summary>
    public static (DateTimeOffset Time, string Id)? Decode(string token, string filters, string field)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        string[] parts;
        try
        {
            parts = Base64UrlEncoder.Decode(token).Split('|');
        }
        catch (FormatException)
        {
            throw Malformed(field);
        }
        catch (ArgumentException)
        {
            throw Malformed(field);
        }
        if (parts.Length != 4 || parts[0] != Version
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            || micros > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() * 1000
            || parts[2].Length == 0)
        {
            throw Malformed(field);
        }
        if (parts[3] != Hash(filters))
        {
            throw new ValidationException(field,
                "This page_token was issued for different filters; repeat the filters of the first call, or start again without a page_token.");
        }
        return (DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond), parts[2]);
    }

    public static string StreamFilters(StreamStatus? status, string? titleQuery) =>
        $"streams\0{(int?)status}\0{titleQuery?.ToUpperInvariant()}";

    public static string BroadcastFilters(string streamId) => $"broadcasts\0{streamId}";

    private static ValidationException Malformed(string field) =>
        new(field, "The page_token is not valid; pass the next_page_token of the previous response unchanged.");

    private static string Hash(string filters) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(filters)).AsSpan(0, 8));
}
