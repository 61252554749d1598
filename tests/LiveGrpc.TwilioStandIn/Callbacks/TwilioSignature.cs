using System.Security.Cryptography;
using System.Text;

namespace LiveGrpc.TwilioStandIn.Callbacks;

/// <summary>
/// Twilio's webhook signature (X-Twilio-Signature): Base64(HMAC-SHA1(AuthToken, url + each POST
/// parameter's name and value, sorted by name)). For GET the query is part of the url and there
/// are no POST parameters. Checked against Twilio's own RequestValidator in the tests.
/// </summary>
public static class TwilioSignature
{
    public const string Header = "X-Twilio-Signature";

    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> postParameters)
    {
        var signed = new StringBuilder(url);
        foreach (var (name, value) in postParameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            signed.Append(name).Append(value);
        }
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(signed.ToString())));
    }
}
