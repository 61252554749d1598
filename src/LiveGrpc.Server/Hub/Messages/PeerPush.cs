namespace LiveGrpc.Server.Hub.Messages;

/// <summary>Pushed to the host as "ViewerJoined" / "ViewerLeft": a viewer entered or left the stream's media mesh.</summary>
public sealed record PeerPush(string StreamId, string PeerId, string? DisplayName);
