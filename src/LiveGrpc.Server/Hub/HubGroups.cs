namespace LiveGrpc.Server.Hub;

/// <summary>
/// The one place hub group names are made, so the hub (joining) and the relay (pushing) can
/// never disagree. Every connection interested in a stream — watcher, follower, host — is in
/// that stream's group; pushes to one peer go to its connection, never to a group.
/// </summary>
public static class HubGroups
{
    public static string Stream(string streamId) => "stream:" + streamId;
}
