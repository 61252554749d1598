namespace LiveGrpc.Server.Hub.Messages;

/// <summary>
/// The stream as it is now, the peer id the hub gave this watcher (the host addresses it by that),
/// and the host's peer id when a host is connected (offers come from it). Null peer ids mean the
/// watcher is not in the media mesh.
/// </summary>
public sealed record WatchResponse(StreamSnapshot Stream, string? PeerId, string? HostPeerId);
