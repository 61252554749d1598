namespace LiveGrpc.Server.Presence;

/// <summary>
/// Who is watching, from any channel (gRPC WatchStream, the SignalR hub). The viewer count of a
/// stream is the number of distinct session ids holding a lease, so a client that reconnects
/// with the same session id — even before its old connection is noticed as gone — counts once.
/// Counts reach clients through <see cref="IStreamEventBus"/>, coalesced per stream.
/// </summary>
public interface IViewerPresence
{
    /// <summary>
    /// Counts <paramref name="sessionId"/> as watching <paramref name="streamId"/> until the
    /// returned lease is disposed. Callers verify the stream and the viewer's right to watch first.
    /// </summary>
    ValueTask<IAsyncDisposable> JoinAsync(string streamId, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>The instantaneous number of distinct sessions watching (not yet coalesced).</summary>
    int GetViewerCount(string streamId);
}
