using Microsoft.EntityFrameworkCore;

namespace LiveGrpc.Server.Persistence;

/// <summary>The relational schema shared by the SQLite default and a future PostgreSQL store.</summary>
public sealed class LiveGrpcDbContext(DbContextOptions<LiveGrpcDbContext> options) : DbContext(options)
{
    public DbSet<StreamEntity> Streams => Set<StreamEntity>();

    public DbSet<BroadcastEntity> Broadcasts => Set<BroadcastEntity>();

    public DbSet<CreateRequestEntity> CreateRequests => Set<CreateRequestEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StreamEntity>(stream =>
        {
            stream.ToTable("streams");
            stream.HasKey(s => s.Id);
            // ListStreams pages newest first by (create_time, id), filtered by visibility and status.
            stream.HasIndex(s => new { s.Visibility, s.CreateTime, s.Id });
            stream.HasIndex(s => s.Status);
        });
        modelBuilder.Entity<BroadcastEntity>(broadcast =>
        {
            broadcast.ToTable("broadcasts");
            broadcast.HasKey(b => b.Id);
            broadcast.HasIndex(b => new { b.StreamId, b.StartTime, b.Id });
            broadcast.HasOne<StreamEntity>().WithMany().HasForeignKey(b => b.StreamId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<CreateRequestEntity>(request =>
        {
            request.ToTable("create_requests");
            request.HasKey(r => r.KeyHash);
            request.HasIndex(r => r.StreamId);
            request.HasIndex(r => r.CreateTime);
        });
    }
}
