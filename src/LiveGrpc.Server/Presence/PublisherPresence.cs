using LiveGrpc.Server.Streams;

namespace LiveGrpc.Server.Presence;

/// <summary>Records publisher sessions and lets the lifecycle react to the first arrival and the last departure.</summary>
public sealed class PublisherPresence(IPublisherSessions registry, StreamLifecycle lifecycle) : IPublisherPresence
{
    public async ValueTask<IAsyncDisposable> ConnectAsync(string streamId, string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        await registry.AddAsync(streamId, sessionId, cancellationToken).ConfigureAwait(false);
        var lease = new Lease(registry, lifecycle, streamId, sessionId);
        try
        {
            await lifecycle.ReconcilePublisherAsync(streamId, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await lease.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return lease;
    }

    public ValueTask<bool> IsConnectedAsync(string streamId, CancellationToken cancellationToken = default) =>
        registry.IsConnectedAsync(streamId, cancellationToken);

    private sealed class Lease(IPublisherSessions registry, StreamLifecycle lifecycle, string streamId, string sessionId) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }
            await registry.RemoveAsync(streamId, sessionId).ConfigureAwait(false);
            // The caller is gone, so its token is too; the transition must still happen.
            await lifecycle.ReconcilePublisherAsync(streamId, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
