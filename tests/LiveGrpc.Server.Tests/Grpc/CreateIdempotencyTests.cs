using Grpc.Core;
using LiveGrpc.Server.Tests.Support;
using LiveGrpc.V1;

namespace LiveGrpc.Server.Tests.Grpc;

/// <summary>Runs on every store: <see cref="CreateIdempotencyOnSqliteTests"/> and <see cref="CreateIdempotencyOnPostgreSqlTests"/>.</summary>
public abstract class CreateIdempotencyTests(StoreProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private ServerHarness _server = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _server = await ServerHarness.StartAsync(database: _database);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task ARetriedCreate_WithTheSameRequestId_ReturnsTheSameStreamAndAWorkingSecret()
    {
        var first = await Create("Show", "5f0c6f52-6a1e-4c1e-9a43-5a1f0f1b2c3d");
        var retry = await Create("Show", "5f0c6f52-6a1e-4c1e-9a43-5a1f0f1b2c3d");

        Assert.Equal(first.Stream.Id, retry.Stream.Id);
        Assert.Equal(first.HostSecret, retry.HostSecret);
        await _server.StartAsync(retry.Stream.Id, retry.HostSecret);
    }

    [Fact]
    public async Task ConcurrentRetries_CreateExactlyOneStream()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Create("Show", "same-key-concurrent")));
        Assert.Single(results.Select(r => r.Stream.Id).Distinct());
    }

    [Fact]
    public async Task ConcurrentRetriesOnTwoNodes_SharingTheDatabase_CreateExactlyOneStream()
    {
        // As in production, the nodes share a signing key, so both derive the same host secret for a request_id.
        var sharedKey = new Dictionary<string, string?> { ["Tokens:SigningKey"] = "two-node-test-signing-key-0123456789abcdef" };
        await using var nodeA = await ServerHarness.StartAsync(sharedKey, database: _database);
        await using var nodeB = await ServerHarness.StartAsync(sharedKey, database: _database);
        for (var round = 0; round < 5; round++)
        {
            var key = $"two-nodes-{round}";
            var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            {
                var node = i % 2 == 0 ? nodeA : nodeB;
                return node.CallAsync<CreateStreamRequest, CreateStreamResponse>(node.Streams.CreateStream,
                    new CreateStreamRequest { Stream = new V1.Stream { Title = "Show" }, RequestId = key });
            }));
            Assert.Single(results.Select(r => r.Stream.Id).Distinct());
            Assert.Single(results.Select(r => r.HostSecret).Distinct());
        }
    }

    [Fact]
    public async Task CreatesWithoutARequestId_AreIndependent()
    {
        var a = await Create("Show", "");
        var b = await Create("Show", "");
        Assert.NotEqual(a.Stream.Id, b.Stream.Id);
        Assert.NotEqual(a.HostSecret, b.HostSecret);
    }

    [Fact]
    public async Task AReusedRequestId_WithADifferentStream_IsInvalidArgument()
    {
        await Create("Show", "key-1");
        var ex = await Create("Another show", "key-1").FailsWith(StatusCode.InvalidArgument);
        Assert.Contains("request_id", ex.Status.Detail);
    }

    [Fact]
    public async Task ARequestId_After24Hours_CreatesANewStream()
    {
        var first = await Create("Show", "key-2");
        _server.Time.Advance(TimeSpan.FromHours(24));
        var later = await Create("Show", "key-2");
        Assert.NotEqual(first.Stream.Id, later.Stream.Id);
    }

    private Task<CreateStreamResponse> Create(string title, string requestId) =>
        _server.CallAsync<CreateStreamRequest, CreateStreamResponse>(_server.Streams.CreateStream,
            new CreateStreamRequest { Stream = new V1.Stream { Title = title }, RequestId = requestId });
}

public sealed class CreateIdempotencyOnSqliteTests() : CreateIdempotencyTests(StoreProvider.Sqlite);

public sealed class CreateIdempotencyOnPostgreSqlTests() : CreateIdempotencyTests(StoreProvider.PostgreSql);
