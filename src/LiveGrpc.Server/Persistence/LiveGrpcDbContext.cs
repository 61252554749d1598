using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveGrpc.Server.Persistence;

/// <summary>
/// The relational schema, shared by both providers. Each provider has its own subclass
/// (<see cref="SqliteLiveGrpcDbContext"/>, <see cref="PostgreSqlLiveGrpcDbContext"/>) so that it
/// owns its own migration set: that is how EF Core's tools keep one model with per-provider
/// migrations in one assembly.
/// </summary>
public abstract class LiveGrpcDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<StreamEntity> Streams => Set<StreamEntity>();

    public DbSet<BroadcastEntity> Broadcasts => Set<BroadcastEntity>();

    public DbSet<CreateRequestEntity> CreateRequests => Set<CreateRequestEntity>();

    /// <summary>True when the save failed because a primary key or unique index already held the value.</summary>
    public abstract bool IsDuplicateKey(DbUpdateException exception);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StreamEntity>(stream =>
        {
            stream.ToTable("streams");
            stream.HasKey(s => s.Id);
            // Every change bumps the version; the UPDATE only matches the version it read, so two
            // nodes writing one stream cannot both win (the loser gets StreamConcurrencyException).
            stream.Property(s => s.Version).IsConcurrencyToken();
            // ListStreams pages newest first by (create_time, id), filtered by visibility and status.
            stream.HasIndex(s => new { s.Visibility, s.CreateTime, s.Id });
            stream.HasIndex(s => s.Status);
            ConfigureId(stream.Property(s => s.Id));
            ConfigureId(stream.Property(s => s.CurrentBroadcastId));
            ConfigureTime(stream.Property(s => s.CreateTime));
            ConfigureTime(stream.Property(s => s.UpdateTime));
            ConfigureTime(stream.Property(s => s.LastLiveEndTime));
            ConfigureTime(stream.Property(s => s.PublisherDeadline));
        });
        modelBuilder.Entity<BroadcastEntity>(broadcast =>
        {
            broadcast.ToTable("broadcasts");
            broadcast.HasKey(b => b.Id);
            broadcast.HasIndex(b => new { b.StreamId, b.StartTime, b.Id });
            broadcast.HasOne<StreamEntity>().WithMany().HasForeignKey(b => b.StreamId).OnDelete(DeleteBehavior.Cascade);
            ConfigureId(broadcast.Property(b => b.Id));
            ConfigureId(broadcast.Property(b => b.StreamId));
            ConfigureTime(broadcast.Property(b => b.StartTime));
            ConfigureTime(broadcast.Property(b => b.EndTime));
        });
        modelBuilder.Entity<CreateRequestEntity>(request =>
        {
            request.ToTable("create_requests");
            request.HasKey(r => r.KeyHash);
            request.HasIndex(r => r.StreamId);
            request.HasIndex(r => r.CreateTime);
            ConfigureId(request.Property(r => r.KeyHash));
            ConfigureId(request.Property(r => r.StreamId));
            ConfigureTime(request.Property(r => r.CreateTime));
        });
    }

    /// <summary>
    /// An identifier column. Keyset paging breaks create-time ties by id and expects the database
    /// to order ids ordinally, as .NET does.
    /// </summary>
    protected abstract void ConfigureId(PropertyBuilder id);

    /// <summary>A point in time, held by the entities as Unix microseconds (UTC).</summary>
    protected abstract void ConfigureTime(PropertyBuilder time);
}
