namespace LiveGrpc.Server.Hub.Messages;

/// <summary>The stream now, the host's peer id, and the viewers already in the mesh (offer to each).</summary>
public sealed record HostResponse(StreamSnapshot Stream, string PeerId, IReadOnlyList<MeshPeer> Viewers);
