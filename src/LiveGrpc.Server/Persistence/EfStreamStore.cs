using LiveGrpc.Server.Streams;
using Microsoft.EntityFrameworkCore;
using Stream = LiveGrpc.Server.Streams.Stream;

namespace LiveGrpc.Server.Persistence;

/// <summary>
/// <see cref="IStreamStore"/> on EF Core: one short-lived context per operation (from a pooled
/// factory), so the store is a thread-safe singleton. The same code serves SQLite and PostgreSQL;
/// what differs between them lives in the provider's <see cref="LiveGrpcDbContext"/> subclass.
/// Several nodes may share one PostgreSQL database, so every write holds without in-process
/// locks: stream saves are conditional on the version read, create-request keys are unique.
/// </summary>
public sealed class EfStreamStore(IDbContextFactory<LiveGrpcDbContext> contexts) : IStreamStore
{
    public async Task<Stream?> FindAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        // One statement, so the stream and its current broadcast come from one snapshot even while another node writes.
        var found = await WithCurrentBroadcast(db, db.Streams.Where(s => s.Id == streamId))
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return found is null ? null : ToDomain(found.Stream, found.Broadcast);
    }

    public async Task AddAsync(Stream stream, CreateRequest? createRequest, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var row = new StreamEntity { Id = stream.Id, Title = "", TitleSearch = "", Description = "", HostSecretHash = stream.HostSecretHash };
        Copy(stream, row);
        db.Streams.Add(row);
        if (createRequest is not null)
        {
            // An expired record with the same key is replaced; a live one (another node's, just
            // stored) is not, and the insert below then fails on the key.
            var expired = UnixMicros.From(createRequest.CreateTime - StreamsOptions.RequestIdRetention);
            await db.CreateRequests.Where(r => r.KeyHash == createRequest.KeyHash && r.CreateTime <= expired)
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            db.CreateRequests.Add(new CreateRequestEntity
            {
                KeyHash = createRequest.KeyHash,
                Fingerprint = createRequest.Fingerprint,
                StreamId = createRequest.StreamId,
                CreateTime = UnixMicros.From(createRequest.CreateTime),
            });
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException duplicate) when (createRequest is not null && db.IsDuplicateKey(duplicate))
        {
            // Another node stored the same request_id between our lookup and this insert; nothing was written.
            throw new DuplicateCreateRequestException(createRequest.KeyHash, duplicate);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<CreateRequest?> FindCreateRequestAsync(string keyHash, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.CreateRequests.AsNoTracking().SingleOrDefaultAsync(r => r.KeyHash == keyHash, cancellationToken).ConfigureAwait(false);
        return row is null ? null : new CreateRequest(row.KeyHash, row.Fingerprint, row.StreamId, UnixMicros.To(row.CreateTime));
    }

    public async Task SaveAsync(Stream stream, long expectedVersion, Broadcast? endedBroadcast, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.Streams.SingleOrDefaultAsync(s => s.Id == stream.Id, cancellationToken).ConfigureAwait(false);
        if (row is null || row.Version != expectedVersion)
        {
            throw new StreamConcurrencyException(stream.Id, expectedVersion);
        }
        Copy(stream, row);
        foreach (var broadcast in new[] { stream.CurrentBroadcast, endedBroadcast })
        {
            if (broadcast is not null)
            {
                await UpsertAsync(db, broadcast, cancellationToken).ConfigureAwait(false);
            }
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another writer (another node) saved this stream after we read it: its version token no longer matched.
            throw new StreamConcurrencyException(stream.Id, expectedVersion);
        }
    }

    public async Task DeleteAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.CreateRequests.Where(r => r.StreamId == streamId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Broadcasts.Where(b => b.StreamId == streamId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Streams.Where(s => s.Id == streamId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Stream>> ListAsync(StreamListQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = db.Streams.Where(s => s.Visibility == (int)Visibility.Public);
        if (query.Status is { } status)
        {
            rows = rows.Where(s => s.Status == (int)status);
        }
        if (!string.IsNullOrEmpty(query.TitleQuery))
        {
            // Case folding happens here, in .NET, on both sides (TitleSearch is stored upper-cased), so
            // every provider matches alike: ILIKE or lower() would fold by the database's locale
            // (ASCII only under "C") and read % and _ in the query as wildcards.
            var needle = query.TitleQuery.ToUpperInvariant();
            rows = rows.Where(s => s.TitleSearch.Contains(needle));
        }
        if (query.After is { } after)
        {
            var time = UnixMicros.From(after.CreateTime);
            rows = rows.Where(s => s.CreateTime < time || (s.CreateTime == time && string.Compare(s.Id, after.Id) < 0));
        }
        var page = await WithCurrentBroadcast(db, rows)
            .OrderByDescending(found => found.Stream.CreateTime).ThenByDescending(found => found.Stream.Id)
            .Take(query.Limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return page.Select(found => ToDomain(found.Stream, found.Broadcast)).ToList();
    }

    public async Task<IReadOnlyList<string>> ListUnfinishedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Streams.AsNoTracking().Where(s => s.Status != (int)StreamStatus.Offline).Select(s => s.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Broadcast>> ListBroadcastsAsync(string streamId, BroadcastCursor? after, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = db.Broadcasts.AsNoTracking().Where(b => b.StreamId == streamId);
        if (after is not null)
        {
            var time = UnixMicros.From(after.StartTime);
            rows = rows.Where(b => b.StartTime < time || (b.StartTime == time && string.Compare(b.Id, after.Id) < 0));
        }
        var page = await rows.OrderByDescending(b => b.StartTime).ThenByDescending(b => b.Id).Take(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return page.Select(ToDomain).ToList();
    }

    public async Task PurgeCreateRequestsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var limit = UnixMicros.From(cutoff);
        await db.CreateRequests.Where(r => r.CreateTime < limit).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static IQueryable<StreamWithBroadcast> WithCurrentBroadcast(LiveGrpcDbContext db, IQueryable<StreamEntity> streams) =>
        streams.AsNoTracking().LeftJoin(db.Broadcasts.AsNoTracking(), s => s.CurrentBroadcastId, b => b.Id,
            (s, b) => new StreamWithBroadcast { Stream = s, Broadcast = b });

    /// <summary>A class with an initializer rather than a positional record: EF Core can order by its members.</summary>
    private sealed class StreamWithBroadcast
    {
        public required StreamEntity Stream { get; init; }

        public BroadcastEntity? Broadcast { get; init; }
    }

    private static async Task UpsertAsync(LiveGrpcDbContext db, Broadcast broadcast, CancellationToken cancellationToken)
    {
        var row = await db.Broadcasts.SingleOrDefaultAsync(b => b.Id == broadcast.Id, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = new BroadcastEntity { Id = broadcast.Id, StreamId = broadcast.StreamId };
            db.Broadcasts.Add(row);
        }
        row.StartTime = UnixMicros.From(broadcast.StartTime);
        row.EndTime = UnixMicros.From(broadcast.EndTime);
        row.EndReason = (int)broadcast.EndReason;
        row.PeakViewers = broadcast.PeakViewers;
        row.TotalViewers = broadcast.TotalViewers;
    }

    private static void Copy(Stream stream, StreamEntity row)
    {
        row.Title = stream.Title;
        row.TitleSearch = stream.Title.ToUpperInvariant();
        row.Description = stream.Description;
        row.Visibility = (int)stream.Visibility;
        row.PasscodeHash = stream.PasscodeHash;
        row.HostSecretHash = stream.HostSecretHash;
        row.Status = (int)stream.Status;
        row.CurrentBroadcastId = stream.CurrentBroadcast?.Id;
        row.LastLiveEndTime = UnixMicros.From(stream.LastLiveEndTime);
        row.CreateTime = UnixMicros.From(stream.CreateTime);
        row.UpdateTime = UnixMicros.From(stream.UpdateTime);
        row.Version = stream.Version;
        row.ViewerCount = stream.ViewerCount;
        row.PublisherDeadline = UnixMicros.From(stream.PublisherDeadline);
        row.DeadlineEndReason = (int)stream.DeadlineEndReason;
    }

    private static Stream ToDomain(StreamEntity row, BroadcastEntity? broadcast)
    {
        var stream = new Stream
        {
            Id = row.Id,
            Title = row.Title,
            Description = row.Description,
            Visibility = (Visibility)row.Visibility,
            PasscodeHash = row.PasscodeHash,
            HostSecretHash = row.HostSecretHash,
            CreateTime = UnixMicros.To(row.CreateTime),
        };
        return Stream.Restore(
            stream, (StreamStatus)row.Status, broadcast is null ? null : ToDomain(broadcast), UnixMicros.To(row.LastLiveEndTime),
            UnixMicros.To(row.UpdateTime), row.Version, row.ViewerCount, UnixMicros.To(row.PublisherDeadline), (EndReason)row.DeadlineEndReason);
    }

    private static Broadcast ToDomain(BroadcastEntity row) => new()
    {
        Id = row.Id,
        StreamId = row.StreamId,
        StartTime = UnixMicros.To(row.StartTime),
        EndTime = UnixMicros.To(row.EndTime),
        EndReason = (EndReason)row.EndReason,
        PeakViewers = row.PeakViewers,
        TotalViewers = row.TotalViewers,
    };
}
