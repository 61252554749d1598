namespace LiveGrpc.Server.Streams;

/// <summary>Who can find and watch a stream. Values match livegrpc.v1.Visibility.</summary>
public enum Visibility
{
    Public = 1,
    /// <summary>Reachable by id, absent from listings.</summary>
    Unlisted = 2,
    /// <summary>Needs the viewer passcode or a host-minted invite.</summary>
    Private = 3,
}
