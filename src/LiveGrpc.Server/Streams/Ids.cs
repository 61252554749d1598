using System.Security.Cryptography;

namespace LiveGrpc.Server.Streams;

/// <summary>Server-assigned identifiers: a type prefix and random hex, unguessable and URL-safe.</summary>
public static class Ids
{
    public static string NewStreamId() => "st_" + RandomHex(6);

    public static string NewBroadcastId() => "bc_" + RandomHex(6);

    public static string NewEventId() => "ev_" + RandomHex(8);

    public static string NewSessionId() => "ss_" + RandomHex(8);

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
