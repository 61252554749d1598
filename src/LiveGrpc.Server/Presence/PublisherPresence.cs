using LiveGrpc.Server.Streams;

namespace LiveGrpc.Server.Presence;

/// <summary>Records publisher sessions and lets the lifecycle react to the first arrival and the last departure.</summary>
public sealed class PublisherPresence(PublisherSessionRegistry registry, StreamLifecycle lifecycle) : IPublisherPresence
{
    public async ValueTask<IAsyncDisposable> ConnectAsync(string streamId, string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        registry.Add(streamId, sessionId);
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

    public bool IsConnected(string streamId) => registry.IsConnected(streamId);

    private sealed class Lease(PublisherSessionRegistry registry, StreamLifecycle lifecycle, string streamId, string sessionId) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }
            registry.Remove(streamId, sessionId);
            // The caller is gone, so its token is too; the transition must still happen.
            await lifecycle.ReconcilePublisherAsync(streamId, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
