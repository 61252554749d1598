namespace LiveGrpc.Server.Hub;

/// <summary>Where a signal goes (a connection the client never sees) and who it is from.</summary>
public sealed record PeerRoute(string ConnectionId, string FromPeerId);
