using LiveGrpc.Server.Hub.Messages;

namespace LiveGrpc.Server.Hub;

/// <summary>What the server pushes to hub clients; each method name is the client-side event name.</summary>
public interface IStreamClient
{
    /// <summary>To everyone on the stream: a status change.</summary>
    Task StatusChanged(StreamStatusPush push);

    /// <summary>To everyone on the stream: coalesced viewer figures.</summary>
    Task ViewerCountChanged(ViewerCountPush push);

    /// <summary>To everyone on the stream: title, description or visibility changed.</summary>
    Task StreamUpdated(StreamDetailsPush push);

    /// <summary>To everyone on the stream: it was deleted.</summary>
    Task StreamDeleted(StreamDeletedPush push);

    /// <summary>To the host: a viewer joined the media mesh (send it an offer).</summary>
    Task ViewerJoined(PeerPush push);

    /// <summary>To the host: a viewer left the media mesh (close its peer connection).</summary>
    Task ViewerLeft(PeerPush push);

    /// <summary>WebRTC signalling between the host and one viewer.</summary>
    Task Signal(SignalPush push);

    /// <summary>To a host connection that a newer Host join took over from.</summary>
    Task HostReplaced(HostReplacedPush push);
}
