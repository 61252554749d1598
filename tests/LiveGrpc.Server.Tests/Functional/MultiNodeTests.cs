using LiveGrpc.Server.Tests.Support;
using LiveGrpc.V1;
using Npgsql;

namespace LiveGrpc.Server.Tests.Functional;

/// <summary>
/// Several server processes on one PostgreSQL database, and the settings a cluster node refuses
/// to start without. (Events, presence and signalling across nodes on Redis are driven by
/// independent clients in tests/node/cluster.test.mjs.)
/// </summary>
public sealed class MultiNodeTests : IAsyncLifetime
{
    // Nodes must accept each other's tokens and host secrets derived from it.
    private const string SharedSigningKey = "multi-node-test-signing-key-0123456789abcdef";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "livegrpc-functional", Guid.NewGuid().ToString("N"));
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(StoreProvider.PostgreSql);

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    [Fact]
    public async Task TwoNodes_MigratedOnceByTheMigrateCommand_ServeTheSameStreams()
    {
        var migrate = await ServerCommand.RunAsync(Node("migrate"), ["migrate", .. _database.Arguments]);
        Assert.True(migrate.ExitCode == 0, migrate.Output);
        Assert.Contains("Applied database migrations", migrate.Output);

        string[] shared = [.. _database.Arguments, "--Storage:MigrateOnStartup=false", $"--Tokens:SigningKey={SharedSigningKey}"];
        var starting = new[] { ServerProcess.StartAsync(Node("a"), shared), ServerProcess.StartAsync(Node("b"), shared) };
        await using var nodeA = await starting[0];
        await using var nodeB = await starting[1];
        using var a = new StreamClient(nodeA.GrpcAddress);
        using var b = new StreamClient(nodeB.GrpcAddress);

        var created = await a.CreateStreamAsync("Made on node A");
        var onB = (await b.GetStreamAsync(created.Stream.Id)).Stream;
        Assert.Equal("Made on node A", onB.Title);
        Assert.Equal(created.Stream.Version, onB.Version);

        // A host action on B, with the secret A handed out, is what A then reads.
        var started = await b.StartStreamAsync(created.Stream.Id, created.HostSecret);
        var onA = (await a.GetStreamAsync(created.Stream.Id)).Stream;
        Assert.Equal(started.Stream.Status, onA.Status);
        Assert.Equal(started.Stream.Version, onA.Version);
        Assert.Equal(started.Broadcast.Id, onA.CurrentBroadcast.Id);

        // A viewer token from A opens a watch on B (same signing key), whose snapshot is the shared state.
        var token = (await a.CreateViewerTokenAsync(created.Stream.Id)).Token;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = b.Watch(created.Stream.Id, token, timeout.Token, sessionId: "viewer-on-b");
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token), "The watch on node B ended early.");
        Assert.Equal(started.Broadcast.Id, watch.ResponseStream.Current.Event.Snapshot.CurrentBroadcast.Id);
    }

    [Fact]
    public async Task TwoNodesStartingTogether_OnAnEmptyDatabase_ApplyEachMigrationOnce()
    {
        string[] shared = [.. _database.Arguments, $"--Tokens:SigningKey={SharedSigningKey}"];
        var starting = new[] { ServerProcess.StartAsync(Node("a"), shared), ServerProcess.StartAsync(Node("b"), shared) };
        await using var nodeA = await starting[0];
        await using var nodeB = await starting[1];

        using var a = new StreamClient(nodeA.GrpcAddress);
        using var b = new StreamClient(nodeB.GrpcAddress);
        var created = await b.CreateStreamAsync("Both nodes up");
        Assert.Equal("Both nodes up", (await a.GetStreamAsync(created.Stream.Id)).Stream.Title);

        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var history = new NpgsqlCommand("SELECT count(*), count(DISTINCT \"MigrationId\") FROM \"__EFMigrationsHistory\"", connection);
        await using var reader = await history.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetInt64(0) > 0);
        Assert.Equal(reader.GetInt64(1), reader.GetInt64(0));
    }

    [Fact]
    public async Task ANodeThatDoesNotMigrate_OnAnEmptyDatabase_ExitsWithOneLineNamingTheMigrateCommand()
    {
        var refused = await ServerCommand.RunAsync(Node("a"), [.. _database.Arguments, "--Storage:MigrateOnStartup=false", $"--Tokens:SigningKey={SharedSigningKey}"]);

        Assert.Equal(1, refused.ExitCode);
        var line = Assert.Single(refused.Output.Split('\n'), l => l.StartsWith("LiveGrpc cannot start", StringComparison.Ordinal));
        Assert.Contains("migrate", line);
    }

    [Fact]
    public async Task Migrate_WithPostgreSqlButNoConnectionString_ExitsWithOneLineNamingTheSetting()
    {
        var refused = await ServerCommand.RunAsync(Node("migrate"), "migrate", "--Storage:Provider=PostgreSql");

        Assert.Equal(2, refused.ExitCode);
        var line = Assert.Single(refused.Output.Split('\n'), l => l.StartsWith("LiveGrpc cannot start", StringComparison.Ordinal));
        Assert.Contains("ConnectionStrings:LiveGrpc", line);
    }

    [Fact]
    public async Task ANodeOnPostgreSql_WithoutASigningKey_ExitsWithOneLineNamingTheSetting()
    {
        // A generated key per node would make each node reject the others' tokens and host secrets.
        var refused = await ServerCommand.RunAsync(Node("a"), _database.Arguments);

        Assert.Equal(2, refused.ExitCode);
        var line = Assert.Single(refused.Output.Split('\n'), l => l.StartsWith("LiveGrpc cannot start", StringComparison.Ordinal));
        Assert.Contains("Tokens:SigningKey", line);
    }

    [Fact]
    public async Task Redis_WithTheEmbeddedSqliteStore_ExitsWithOneLineNamingStorageProvider()
    {
        var refused = await ServerCommand.RunAsync(Node("a"), $"--Redis:Configuration={RedisAddress}", $"--Tokens:SigningKey={SharedSigningKey}");

        Assert.Equal(2, refused.ExitCode);
        var line = Assert.Single(refused.Output.Split('\n'), l => l.StartsWith("LiveGrpc cannot start", StringComparison.Ordinal));
        Assert.Contains("Storage:Provider", line);
    }

    [Fact]
    public async Task Redis_WithAMalformedConfiguration_ExitsWithOneLineNamingTheSetting()
    {
        var refused = await ServerCommand.RunAsync(Node("a"),
            [.. _database.Arguments, "--Redis:Configuration=127.0.0.1:1,notAnOption=1", $"--Tokens:SigningKey={SharedSigningKey}"]);

        Assert.Equal(2, refused.ExitCode);
        var line = Assert.Single(refused.Output.Split('\n'), l => l.StartsWith("LiveGrpc cannot start", StringComparison.Ordinal));
        Assert.Contains("Redis:Configuration", line);
    }

    [Fact]
    public async Task Redis_ThatCannotBeReached_ExitsWithOneLineNamingIt()
    {
        // A port nobody listens on (free a moment ago), so the connection is refused at once.
        var port = ServerProcess.FreePort();
        var refused = await ServerCommand.RunAsync(Node("a"),
            [.. _database.Arguments, $"--Redis:Configuration=127.0.0.1:{port},connectTimeout=2000", $"--Tokens:SigningKey={SharedSigningKey}"]);

        Assert.Equal(1, refused.ExitCode);
        var line = Assert.Single(refused.Output.Split('\n'), l => l.StartsWith("LiveGrpc cannot start", StringComparison.Ordinal));
        Assert.Contains("Redis", line);
        Assert.Contains($"127.0.0.1:{port}", line);
    }

    [Fact]
    public async Task ANodeOnRedis_IsServingOnGrpcHealth_WhileRedisAnswers()
    {
        await using var node = await ServerProcess.StartAsync(Node("a"),
            [.. _database.Arguments, $"--Redis:Configuration={RedisAddress}", $"--Redis:KeyPrefix=h{Guid.NewGuid():N}"[..24], $"--Tokens:SigningKey={SharedSigningKey}"]);
        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(node.GrpcAddress);
        var health = new global::Grpc.Health.V1.Health.HealthClient(channel);

        var answer = await health.CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(15));

        Assert.Equal(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, answer.Status);
    }

    /// <summary>The throwaway Redis of scripts/engines.sh, as for the PostgreSQL tests; never skipped.</summary>
    private static string RedisAddress =>
        Environment.GetEnvironmentVariable("LIVEGRPC_TEST_REDIS") is { Length: > 0 } address
            ? address
            : throw new InvalidOperationException("LIVEGRPC_TEST_REDIS is not set: run ./test.sh, or `scripts/engines.sh run dotnet test`.");

    private string Node(string name) => Path.Combine(_root, name);
}
