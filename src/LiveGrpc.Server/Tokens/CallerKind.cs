namespace LiveGrpc.Server.Tokens;

/// <summary>What credential a call presented.</summary>
public enum CallerKind
{
    Anonymous,
    /// <summary>A stream's host secret; which stream it opens is checked per request.</summary>
    HostSecret,
    /// <summary>A valid LiveGrpc token (publisher or viewer), scoped to one stream.</summary>
    Token,
}
