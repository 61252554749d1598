using LiveGrpc.Server.Hub.Messages;
using LiveGrpc.Server.Presence;
using LiveGrpc.Server.Streams;
using Microsoft.AspNetCore.SignalR;

namespace LiveGrpc.Server.Hub;

/// <summary>
/// Relays every stream event from the bus to that stream's hub group. Viewer counts arrive
/// already coalesced (one per stream per push interval, only on change), so this adds no timing
/// of its own. Subscribes in <see cref="StartAsync"/>, before the server accepts connections, so
/// no event after start-up is missed. Sends are awaited one at a time, which keeps each
/// connection's pushes in version order; SignalR serializes a group message once for all members.
/// </summary>
public sealed class StreamEventRelay(
    IStreamEventBus bus,
    IHubContext<StreamHub, IStreamClient> hub,
    HubRegistry registry,
    IMeshRouter mesh,
    MembershipReleaser releaser,
    ILogger<StreamEventRelay> logger) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private IStreamEventSubscription? _subscription;
    private Task? _loop;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.SubscribeAll();
        _loop = Task.Run(() => RelayAsync(_subscription, _stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _subscription?.Dispose();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _subscription?.Dispose();
        _stopping.Dispose();
    }

    private async Task RelayAsync(IStreamEventSubscription subscription, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var streamEvent in subscription.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await PushAsync(streamEvent).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One failed push must not end the relay for every stream; clients resync on their next join.
                    logger.LogError(ex, "Relaying {EventType} of stream {StreamId} to the hub failed", streamEvent.GetType().Name, streamEvent.StreamId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task PushAsync(StreamEvent streamEvent)
    {
        var group = hub.Clients.Group(HubGroups.Stream(streamEvent.StreamId));
        switch (streamEvent)
        {
            case StreamStatusChangedEvent e:
                await group.StatusChanged(new StreamStatusPush(e.StreamId, e.Version, e.Time, e.Status, BroadcastInfo.From(e.Broadcast))).ConfigureAwait(false);
                break;
            case ViewerCountChangedEvent e:
                await group.ViewerCountChanged(new ViewerCountPush(e.StreamId, e.Version, e.Time, e.ViewerCount, e.PeakViewers, e.TotalViewers)).ConfigureAwait(false);
                break;
            case StreamUpdatedEvent e:
                await group.StreamUpdated(new StreamDetailsPush(e.StreamId, e.Version, e.Time, e.Title, e.Description, e.Visibility)).ConfigureAwait(false);
                break;
            case StreamDeletedEvent e:
                await group.StreamDeleted(new StreamDeletedPush(e.StreamId, e.Version, e.Time)).ConfigureAwait(false);
                await ForgetAsync(e.StreamId).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>A deleted stream ends every session on it and leaves no connection subscribed to it.</summary>
    private async Task ForgetAsync(string streamId)
    {
        await mesh.ForgetAsync(streamId).ConfigureAwait(false);
        var (released, connectionIds) = registry.ForgetStream(streamId);
        foreach (var membership in released)
        {
            await releaser.ReleaseAsync(membership with { HostConnectionId = null }, removeFromGroup: false).ConfigureAwait(false);
        }
        foreach (var connectionId in connectionIds)
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, HubGroups.Stream(streamId)).ConfigureAwait(false);
        }
    }
}
