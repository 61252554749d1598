namespace LiveGrpc.Server.Tokens;

/// <summary>What a LiveGrpc token allows on its stream.</summary>
public enum TokenRole
{
    /// <summary>Watch only; can never publish.</summary>
    Viewer,
    /// <summary>The host's publisher session.</summary>
    Publisher,
}
