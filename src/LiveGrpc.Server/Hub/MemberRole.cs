namespace LiveGrpc.Server.Hub;

/// <summary>How a connection takes part in a stream it has joined (following is not a membership).</summary>
public enum MemberRole
{
    Watcher,
    Host,
}
