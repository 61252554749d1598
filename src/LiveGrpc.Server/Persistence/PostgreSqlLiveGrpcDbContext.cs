using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

namespace LiveGrpc.Server.Persistence;

/// <summary>
/// The store several nodes share. Differences from SQLite, each for a reason:
/// ids use the "C" collation, because a database's default collation (en_US, ICU) orders
/// "st_B" after "st_a" while keyset paging needs the ordinal order .NET uses; times are
/// <c>timestamptz</c> (microsecond precision, the same instants as SQLite's Unix microseconds)
/// so the tables read naturally in psql and to other tools. Migrations: Persistence/Migrations/PostgreSql.
/// </summary>
public sealed class PostgreSqlLiveGrpcDbContext(DbContextOptions<PostgreSqlLiveGrpcDbContext> options) : LiveGrpcDbContext(options)
{
    private static readonly ValueConverter<long, DateTime> UnixMicrosToUtc = new(
        micros => DateTime.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond),
        utc => (utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond);

    public override bool IsDuplicateKey(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    protected override void ConfigureId(PropertyBuilder id) => id.UseCollation("C");

    protected override void ConfigureTime(PropertyBuilder time) =>
        time.HasConversion(UnixMicrosToUtc).HasColumnType("timestamp with time zone");
}
