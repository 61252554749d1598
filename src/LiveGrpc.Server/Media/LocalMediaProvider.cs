using Microsoft.Extensions.Options;

namespace LiveGrpc.Server.Media;

/// <summary>
/// Local WebRTC: media flows browser to browser and the hub relays signalling, so there is
/// nothing to create or release per broadcast; tokens carry the hub path and ICE servers.
/// </summary>
public sealed class LocalMediaProvider(IOptions<LocalMediaOptions> options) : IMediaProvider
{
    public MediaProviderKind Kind => MediaProviderKind.Local;

    public Task StartBroadcastAsync(MediaBroadcast broadcast, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopBroadcastAsync(MediaBroadcast broadcast, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<MediaAccess> CreatePublisherAccessAsync(MediaParticipant participant, CancellationToken cancellationToken) => Task.FromResult(Access());

    public Task<MediaAccess> CreateViewerAccessAsync(MediaParticipant participant, CancellationToken cancellationToken) => Task.FromResult(Access());

    private MediaAccess Access()
    {
        var local = options.Value;
        // The hub is mapped at one fixed path; the token names it so clients never hard-code it.
        return new LocalMediaAccess(Hub.StreamHub.Path, local.IceServers, local.MaxViewers);
    }
}
