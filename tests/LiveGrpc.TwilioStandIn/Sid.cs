using System.Security.Cryptography;

namespace LiveGrpc.TwilioStandIn;

/// <summary>Twilio SIDs: a two-letter prefix and 32 lowercase hex digits (34 characters).</summary>
internal static class Sid
{
    public static string New(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
