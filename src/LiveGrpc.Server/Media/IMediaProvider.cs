namespace LiveGrpc.Server.Media;

/// <summary>
/// The media path a server is configured with (<c>Media:Provider</c>). Lifecycle, tokens and
/// presence talk only to this seam, so Twilio (rooms, Live) can plug in without touching them.
/// </summary>
public interface IMediaProvider
{
    MediaProviderKind Kind { get; }

    /// <summary>
    /// Creates what a broadcast needs (a room, a player streamer…) before the stream reports
    /// STARTING. Throwing fails StartStream and ends the broadcast with MEDIA_FAILURE; an
    /// implementation rolls back anything it created before throwing.
    /// </summary>
    Task StartBroadcastAsync(MediaBroadcast broadcast, CancellationToken cancellationToken);

    /// <summary>Releases the broadcast's media resources. Must be idempotent: it also runs for broadcasts whose start half-failed or that ended while the server was down.</summary>
    Task StopBroadcastAsync(MediaBroadcast broadcast, CancellationToken cancellationToken);

    /// <summary>What the host needs to publish into the stream's media.</summary>
    Task<MediaAccess> CreatePublisherAccessAsync(MediaParticipant participant, CancellationToken cancellationToken);

    /// <summary>What a viewer needs to receive the stream's media; never a publishing right.</summary>
    Task<MediaAccess> CreateViewerAccessAsync(MediaParticipant participant, CancellationToken cancellationToken);
}
