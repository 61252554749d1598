namespace LiveGrpc.Server.Hub.Messages;

/// <summary>A viewer in a stream's media mesh, as the host sees it.</summary>
public sealed record MeshPeer(string PeerId, string? DisplayName);
