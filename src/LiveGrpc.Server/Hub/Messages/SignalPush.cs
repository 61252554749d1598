namespace LiveGrpc.Server.Hub.Messages;

/// <summary>Pushed as "Signal": an offer, answer or ICE candidate from <paramref name="FromPeerId"/> (the host, or one of its viewers).</summary>
public sealed record SignalPush(string StreamId, string FromPeerId, string Kind, string? Sdp, IceCandidate? Candidate);
