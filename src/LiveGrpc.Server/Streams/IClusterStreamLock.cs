namespace LiveGrpc.Server.Streams;

/// <summary>
/// A per-stream lock shared by every node (Cluster/RedisStreamLock), taken by <see cref="StreamLocks"/>
/// after its in-process lock. One node at a time then loads, changes, stores and publishes a
/// stream, so events reach the cluster's bus in version order; the store's version check stays
/// the guard against lost updates should a lock ever expire under a slow holder.
/// </summary>
public interface IClusterStreamLock
{
    /// <summary>Waits for the stream's lock; disposing the result releases it.</summary>
    Task<IDisposable> AcquireAsync(string streamId, CancellationToken cancellationToken);
}
