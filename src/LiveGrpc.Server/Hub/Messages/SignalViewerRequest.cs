namespace LiveGrpc.Server.Hub.Messages;

/// <summary>
/// The host's signal to one viewer of its stream, addressed by the peer id the hub assigned:
/// <paramref name="Kind"/> "offer" (with <paramref name="Sdp"/>) or "candidate" (with <paramref name="Candidate"/>).
/// </summary>
public sealed record SignalViewerRequest(string StreamId, string PeerId, string Kind, string? Sdp = null, IceCandidate? Candidate = null);
