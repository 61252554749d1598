using System.Collections.Concurrent;

namespace LiveGrpc.Server.Streams;

/// <summary>
/// One async lock per stream, so each stream's transitions (and the events they publish) happen
/// one at a time and in version order, while different streams proceed in parallel. In a Redis
/// cluster the in-process lock is followed by the cluster's lock for the stream
/// (<see cref="IClusterStreamLock"/>), so that holds across nodes too; waiting here first keeps
/// a node's own callers off Redis until it is their turn.
/// </summary>
public sealed class StreamLocks(IClusterStreamLock? cluster = null)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string streamId, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(streamId, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (cluster is null)
        {
            return new Releaser(gate, null);
        }
        try
        {
            return new Releaser(gate, await cluster.AcquireAsync(streamId, cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private sealed class Releaser(SemaphoreSlim gate, IDisposable? clusterLock) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                clusterLock?.Dispose();
                gate.Release();
            }
        }
    }
}
