using LiveGrpc.Server.Hub.Messages;
using Microsoft.AspNetCore.SignalR;

namespace LiveGrpc.Server.Hub;

/// <summary>
/// Finishes a release outside the registry's lock: ends the presence lease, tells the host its
/// viewer left the mesh, and drops the connection from the stream's group when nothing else
/// keeps it there. Shared by the hub (leave, disconnect, rollback) and the relay (deleted streams).
/// </summary>
public sealed class MembershipReleaser(IHubContext<StreamHub, IStreamClient> hub, IMeshRouter mesh, ILogger<MembershipReleaser> logger)
{
    public async Task ReleaseAsync(ReleasedMembership released, bool removeFromGroup)
    {
        var membership = released.Membership;
        if (released.Lease is { } lease)
        {
            try
            {
                await lease.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The session is gone from the hub either way; presence must not stop the rest of the release.
                logger.LogError(ex, "Releasing the {Role} session of stream {StreamId} failed", membership.Role, membership.StreamId);
            }
        }
        // The mesh says which host to tell (in a cluster it may be on another node).
        if (await mesh.LeaveAsync(released).ConfigureAwait(false) is { } hostConnectionId && membership.PeerId is { } peerId)
        {
            await hub.Clients.Client(hostConnectionId).ViewerLeft(new PeerPush(membership.StreamId, peerId, membership.DisplayName)).ConfigureAwait(false);
        }
        if (removeFromGroup && !released.StillInGroup)
        {
            await hub.Groups.RemoveFromGroupAsync(membership.ConnectionId, HubGroups.Stream(membership.StreamId)).ConfigureAwait(false);
        }
    }
}
