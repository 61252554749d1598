using LiveGrpc.Server.Errors;

namespace LiveGrpc.Server.Streams;

/// <summary>
/// Durable home of streams and their broadcast history: Persistence/EfStreamStore on SQLite (the
/// embedded default) or on PostgreSQL, which several nodes share. Callers serialize writes per
/// stream within a process (<see cref="StreamLocks"/>); across nodes only the store's check of
/// <c>expectedVersion</c>, made in the same statement as the write, keeps an update from being lost.
/// </summary>
public interface IStreamStore
{
    Task<Stream?> FindAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>The stream, or NOT_FOUND for the caller: the one place that rule lives.</summary>
    async Task<Stream> GetAsync(string streamId, CancellationToken cancellationToken) =>
        await FindAsync(streamId, cancellationToken).ConfigureAwait(false) ?? throw NotFoundException.Stream(streamId);

    /// <summary>
    /// Adds a new stream, and its idempotency record when created with a request_id (replacing an
    /// expired record with that key). Throws <see cref="DuplicateCreateRequestException"/>, having
    /// written nothing, when a live record with the key exists (another node just stored it).
    /// </summary>
    Task AddAsync(Stream stream, CreateRequest? createRequest, CancellationToken cancellationToken);

    Task<CreateRequest?> FindCreateRequestAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the stream and its current broadcast, plus <paramref name="endedBroadcast"/> when one
    /// just ended. Throws <see cref="StreamConcurrencyException"/> when the stored version is not
    /// <paramref name="expectedVersion"/>.
    /// </summary>
    Task SaveAsync(Stream stream, long expectedVersion, Broadcast? endedBroadcast, CancellationToken cancellationToken);

    /// <summary>Deletes the stream, its broadcast history and its idempotency records.</summary>
    Task DeleteAsync(string streamId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Stream>> ListAsync(StreamListQuery query, CancellationToken cancellationToken);

    /// <summary>Ids of streams not OFFLINE: the ones with deadlines to watch and restarts to recover.</summary>
    Task<IReadOnlyList<string>> ListUnfinishedAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<Broadcast>> ListBroadcastsAsync(string streamId, BroadcastCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>Forgets request_id records older than <paramref name="cutoff"/>.</summary>
    Task PurgeCreateRequestsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
