namespace LiveGrpc.Server.Tests.Support;

/// <summary>The stores every store-level test runs on (see <see cref="TestDatabase"/>).</summary>
public enum StoreProvider
{
    Sqlite,
    PostgreSql,
}
