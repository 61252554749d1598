using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LiveGrpc.Server.Persistence;

// `dotnet ef migrations add` builds each provider's context through these rather than by
// starting the server; adding a migration needs no running database.

/// <summary>dotnet ef --context SqliteLiveGrpcDbContext --output-dir Persistence/Migrations/Sqlite</summary>
public sealed class SqliteDesignTimeContextFactory : IDesignTimeDbContextFactory<SqliteLiveGrpcDbContext>
{
    public SqliteLiveGrpcDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteLiveGrpcDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>dotnet ef --context PostgreSqlLiveGrpcDbContext --output-dir Persistence/Migrations/PostgreSql</summary>
public sealed class PostgreSqlDesignTimeContextFactory : IDesignTimeDbContextFactory<PostgreSqlLiveGrpcDbContext>
{
    public PostgreSqlLiveGrpcDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlLiveGrpcDbContext>().UseNpgsql("Host=localhost;Database=livegrpc").Options);
}
