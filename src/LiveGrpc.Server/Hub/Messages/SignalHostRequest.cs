namespace LiveGrpc.Server.Hub.Messages;

/// <summary>
/// A watcher's signal to the stream's host: <paramref name="Kind"/> "answer" (with
/// <paramref name="Sdp"/>) or "candidate" (with <paramref name="Candidate"/>). The hub picks the
/// recipient — there is no target to choose — so a viewer can only ever reach the host.
/// </summary>
public sealed record SignalHostRequest(string StreamId, string Kind, string? Sdp = null, IceCandidate? Candidate = null);
