using LiveGrpc.Server.Streams;
using Microsoft.EntityFrameworkCore;
using Stream = LiveGrpc.Server.Streams.Stream;

namespace LiveGrpc.Server.Persistence;

/// <summary>
/// <see cref="IStreamStore"/> on EF Core: one short-lived context per operation (from a pooled
/// factory), so the store is a thread-safe singleton. Relational only — SQLite today, PostgreSQL
/// through the same model later.
/// </summary>
public sealed class EfStreamStore(IDbContextFactory<LiveGrpcDbContext> contexts) : IStreamStore
{
    public async Task<Stream?> FindAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.Streams.AsNoTracking().SingleOrDefaultAsync(s => s.Id == streamId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }
        var broadcast = row.CurrentBroadcastId is null
            ? null
            : await db.Broadcasts.AsNoTracking().SingleOrDefaultAsync(b => b.Id == row.CurrentBroadcastId, cancellationToken).ConfigureAwait(false);
        return ToDomain(row, broadcast);
    }

    public async Task AddAsync(Stream stream, CreateRequest? createRequest, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = new StreamEntity { Id = stream.Id, Title = "", TitleSearch = "", Description = "", HostSecretHash = stream.HostSecretHash };
        Copy(stream, row);
        db.Streams.Add(row);
        if (createRequest is not null)
        {
            // An expired record with the same key is replaced.
            await db.CreateRequests.Where(r => r.KeyHash == createRequest.KeyHash).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            db.CreateRequests.Add(new CreateRequestEntity
            {
                KeyHash = createRequest.KeyHash,
                Fingerprint = createRequest.Fingerprint,
                StreamId = createRequest.StreamId,
                CreateTime = UnixMicros.From(createRequest.CreateTime),
            });
        }
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
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
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
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
        var rows = db.Streams.AsNoTracking().Where(s => s.Visibility == (int)Visibility.Public);
        if (query.Status is { } status)
        {
            rows = rows.Where(s => s.Status == (int)status);
        }
        if (!string.IsNullOrEmpty(query.TitleQuery))
        {
            var needle = query.TitleQuery.ToUpperInvariant();
            rows = rows.Where(s => s.TitleSearch.Contains(needle));
        }
        if (query.After is { } after)
        {
            var time = UnixMicros.From(after.CreateTime);
            rows = rows.Where(s => s.CreateTime < time || (s.CreateTime == time && string.Compare(s.Id, after.Id) < 0));
        }
        var page = await rows
            .OrderByDescending(s => s.CreateTime).ThenByDescending(s => s.Id)
            .Take(query.Limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var broadcastIds = page.Where(s => s.CurrentBroadcastId is not null).Select(s => s.CurrentBroadcastId!).ToList();
        var broadcasts = broadcastIds.Count == 0
            ? new Dictionary<string, BroadcastEntity>()
            : await db.Broadcasts.AsNoTracking().Where(b => broadcastIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, cancellationToken).ConfigureAwait(false);
        return page.Select(s => ToDomain(s, s.CurrentBroadcastId is null ? null : broadcasts.GetValueOrDefault(s.CurrentBroadcastId))).ToList();
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
