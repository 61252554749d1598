using Microsoft.AspNetCore.SignalR;

namespace LiveGrpc.Server.Hub;

/// <summary>
/// Every error a hub client can see, each with its code and a message a person can act on. Only
/// <see cref="HubException"/> messages reach clients; anything else is logged and hidden by SignalR.
/// </summary>
public static class HubErrors
{
    public static HubException Create(string code, string message) => new($"{code}: {message}");

    public static HubException InvalidRequest(string field, string problem) =>
        Create(HubErrorCodes.InvalidRequest, $"{field}: {problem}");

    public static HubException WrongStream(string requested) =>
        Create(HubErrorCodes.WrongStream, $"The token is for a different stream than \"{requested}\"; request a token for this stream.");

    public static HubException NotViewer() =>
        Create(HubErrorCodes.NotViewer, "Watch needs a viewer token from CreateViewerToken; the host's dashboard joins with Host.");

    public static HubException NotHost() =>
        Create(HubErrorCodes.NotHost, "Only the stream's host can do this: join with Host and a publisher token from CreatePublisherToken.");

    public static HubException NotFound(string streamId) =>
        Create(HubErrorCodes.NotFound, $"Stream \"{streamId}\" does not exist.");

    public static HubException StreamFull(int maxViewers) =>
        Create(HubErrorCodes.StreamFull, $"This stream is full: the host's browser serves at most {maxViewers} {(maxViewers == 1 ? "viewer" : "viewers")}. Try again later.");

    public static HubException NotWatching(string streamId) =>
        Create(HubErrorCodes.NotWatching, $"Join stream \"{streamId}\" with Watch (receiving media) before signalling.");

    public static HubException NoHost(string streamId) =>
        Create(HubErrorCodes.NoHost, $"The host of stream \"{streamId}\" is not connected; wait for the stream to go live.");

    public static HubException UnknownPeer(string peerId) =>
        Create(HubErrorCodes.UnknownPeer, $"Peer \"{peerId}\" is not watching this stream (it may have left).");

    public static HubException SignallingUnavailable() =>
        Create(HubErrorCodes.SignallingUnavailable, "This server's media provider does not use hub signalling.");

    public static HubException TooManyStreams(int limit) =>
        Create(HubErrorCodes.TooManyStreams, $"One connection can watch or host at most {limit} streams at once; leave one first.");

    public static HubException AlreadyJoined(string streamId, string role) =>
        Create(HubErrorCodes.AlreadyJoined, $"This connection is already the {role} of stream \"{streamId}\"; use another connection or Leave first.");
}
