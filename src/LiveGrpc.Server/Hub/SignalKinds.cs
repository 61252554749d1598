namespace LiveGrpc.Server.Hub;

/// <summary>The signal kinds the hub relays; the names RTCSessionDescription uses, plus "candidate".</summary>
public static class SignalKinds
{
    public const string Offer = "offer";
    public const string Answer = "answer";
    public const string Candidate = "candidate";
}
