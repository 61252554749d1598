using System.Collections.Concurrent;

namespace LiveGrpc.Server.Streams;

/// <summary>
/// One async lock per stream, so each stream's transitions (and the events they publish) happen
/// one at a time and in version order, while different streams proceed in parallel.
/// </summary>
public sealed class StreamLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string streamId, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(streamId, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(gate);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
