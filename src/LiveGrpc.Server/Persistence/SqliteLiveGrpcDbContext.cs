using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveGrpc.Server.Persistence;

/// <summary>
/// The embedded default. Its schema is exactly what the versions before migrations created
/// with EnsureCreated (so such a database is adopted as the initial migration): text compares
/// bytewise already, and times stay INTEGER Unix microseconds (SQLite has no timestamp type).
/// Migrations: Persistence/Migrations/Sqlite.
/// </summary>
public sealed class SqliteLiveGrpcDbContext(DbContextOptions<SqliteLiveGrpcDbContext> options) : LiveGrpcDbContext(options)
{
    // SQLITE_CONSTRAINT_PRIMARYKEY and SQLITE_CONSTRAINT_UNIQUE (sqlite.org/rescode.html).
    private const int PrimaryKeyViolation = 1555;
    private const int UniqueViolation = 2067;

    public override bool IsDuplicateKey(DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteExtendedErrorCode: PrimaryKeyViolation or UniqueViolation };

    protected override void ConfigureId(PropertyBuilder id)
    {
    }

    protected override void ConfigureTime(PropertyBuilder time)
    {
    }
}
