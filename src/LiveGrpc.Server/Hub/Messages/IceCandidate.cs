namespace LiveGrpc.Server.Hub.Messages;

/// <summary>An RTCIceCandidateInit, relayed unchanged.</summary>
public sealed record IceCandidate(string Candidate, string? SdpMid = null, int? SdpMLineIndex = null, string? UsernameFragment = null);
