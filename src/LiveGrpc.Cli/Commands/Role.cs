namespace LiveGrpc.Cli.Commands;

/// <summary>Who `token` and `watch` act as.</summary>
public enum Role
{
    /// <summary>The host: a publisher token; a watch holds the host's publisher session.</summary>
    Publisher,

    /// <summary>The audience: a viewer token; a watch counts as a viewer.</summary>
    Viewer,

    /// <summary>No token: a watch follows status and counts without being counted (PUBLIC and UNLISTED streams).</summary>
    Follower,
}

public static class Roles
{
    /// <summary>
    /// One rule for `token` and `watch`: --follow means no token; --viewer, a passcode or an invite
    /// mean the audience; otherwise a host secret (flag or environment) means the host, and no
    /// secret means the audience. Contradictory flags are a usage error rather than a guess.
    /// </summary>
    public static Role Resolve(bool hasSecret, bool viewer, bool follow, bool hasViewerCredential)
    {
        if (follow)
        {
            if (viewer || hasViewerCredential)
            {
                throw new UsageException("--follow watches without a token; it cannot be combined with --viewer, --passcode or --invite.");
            }
            return Role.Follower;
        }
        if (viewer || hasViewerCredential)
        {
            return Role.Viewer;
        }
        return hasSecret ? Role.Publisher : Role.Viewer;
    }
}
