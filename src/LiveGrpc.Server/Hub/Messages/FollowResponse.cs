namespace LiveGrpc.Server.Hub.Messages;

/// <summary>Snapshots of the streams now followed, and the ones that could not be (deleted, or private without a token).</summary>
public sealed record FollowResponse(IReadOnlyList<StreamSnapshot> Streams, IReadOnlyList<UnavailableStream> Unavailable);
