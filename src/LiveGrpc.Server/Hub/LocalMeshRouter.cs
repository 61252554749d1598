namespace LiveGrpc.Server.Hub;

/// <summary>One node: the mesh is <see cref="HubRegistry"/>'s, which already decided everything under its lock.</summary>
public sealed class LocalMeshRouter(HubRegistry registry) : IMeshRouter
{
    public Task<MeshHost?> JoinViewerAsync(WatchSeat seat, int meshCap) =>
        Task.FromResult(seat is { HostConnectionId: { } connectionId, HostPeerId: { } peerId } ? new MeshHost(connectionId, peerId) : null);

    public Task<MeshClaim> ClaimHostAsync(HostSeat seat) => Task.FromResult(new MeshClaim(null, seat.Viewers));

    public Task<string?> LeaveAsync(ReleasedMembership released) => Task.FromResult(released.HostConnectionId);

    public Task<PeerRoute> RouteToHostAsync(string connectionId, string streamId) => Task.FromResult(registry.RouteToHost(connectionId, streamId));

    public Task<PeerRoute> RouteToViewerAsync(string connectionId, string streamId, string peerId) =>
        Task.FromResult(registry.RouteToViewer(connectionId, streamId, peerId));

    public Task ForgetAsync(string streamId) => Task.CompletedTask;
}
