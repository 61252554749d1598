using Grpc.Core;
using LiveGrpc.Server.Tests.Support;
using LiveGrpc.V1;

namespace LiveGrpc.Server.Tests.Grpc;

/// <summary>Runs on every store: <see cref="ListStreamsOnSqliteTests"/> and <see cref="ListStreamsOnPostgreSqlTests"/>.</summary>
public abstract class ListStreamsTests(StoreProvider provider) : IAsyncLifetime
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
    public async Task Paging_WhileStreamsAreCreatedAndChangeStatus_ReturnsEachExistingStreamOnce_NewestFirst()
    {
        var existing = new List<(string Id, string Secret)>();
        for (var i = 0; i < 25; i++)
        {
            existing.Add(await _server.CreateStreamAsync($"Stream {i:00}"));
            _server.Time.Advance(TimeSpan.FromMilliseconds(i % 3 == 0 ? 0 : 1)); // some share a create time
        }

        var seen = new List<string>();
        var token = "";
        var page = 0;
        do
        {
            var response = await List(new ListStreamsRequest { PageSize = 7, PageToken = token });
            seen.AddRange(response.Streams.Select(s => s.Id));
            token = response.NextPageToken;
            // Between pages: new streams appear and listed ones change status.
            await _server.CreateStreamAsync($"Newcomer {page}");
            var (id, secret) = existing[page * 5];
            await _server.StartAsync(id, secret);
            page++;
        }
        while (token.Length > 0);

        // Newest first by create time, ties broken by id (ordinal, as the database compares them).
        var createTimes = new Dictionary<string, DateTime>();
        foreach (var (id, _) in existing)
        {
            createTimes[id] = (await _server.GetAsync(id)).CreateTime.ToDateTime();
        }
        var expected = existing.Select(s => s.Id)
            .OrderByDescending(id => createTimes[id]).ThenByDescending(id => id, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, seen.Where(expected.Contains).ToList());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task UnlistedAndPrivateStreams_AreNotListed_ButCanBeFetchedById()
    {
        var (publicId, _) = await _server.CreateStreamAsync("Public");
        var (unlistedId, _) = await _server.CreateStreamAsync("Unlisted", Visibility.Unlisted);
        var (privateId, _) = await _server.CreateStreamAsync("Private", Visibility.Private, "hunter22");

        var listed = (await List(new ListStreamsRequest())).Streams.Select(s => s.Id).ToList();
        Assert.Equal([publicId], listed);
        Assert.Equal("Unlisted", (await _server.GetAsync(unlistedId)).Title);
        Assert.Equal("", (await _server.GetAsync(privateId)).ViewerPasscode);
    }

    [Fact]
    public async Task StatusAndTitleFilters_Narrow_TheList()
    {
        var (liveId, secret) = await _server.CreateStreamAsync("Cooking LIVE");
        await _server.CreateStreamAsync("cooking offline");
        await _server.CreateStreamAsync("Gardening");
        await _server.StartAsync(liveId, secret);

        var starting = await List(new ListStreamsRequest { Status = StreamStatus.Starting });
        Assert.Equal([liveId], starting.Streams.Select(s => s.Id));
        var cooking = await List(new ListStreamsRequest { TitleQuery = "COOKING" });
        Assert.Equal(2, cooking.Streams.Count);
    }

    [Fact]
    public async Task APageToken_ReplayedWithOtherFilters_IsRejected()
    {
        for (var i = 0; i < 3; i++)
        {
            await _server.CreateStreamAsync($"S{i}");
        }
        var first = await List(new ListStreamsRequest { PageSize = 1 });
        Assert.NotEmpty(first.NextPageToken);
        await List(new ListStreamsRequest { PageSize = 1, PageToken = first.NextPageToken, Status = StreamStatus.Live })
            .FailsWith(StatusCode.InvalidArgument);
    }

    [Fact]
    public async Task TheLastPage_HasNoNextPageToken()
    {
        await _server.CreateStreamAsync("Only");
        var response = await List(new ListStreamsRequest { PageSize = 1 });
        Assert.Single(response.Streams);
        Assert.Equal("", response.NextPageToken);
    }

    private Task<ListStreamsResponse> List(ListStreamsRequest request) =>
        _server.CallAsync<ListStreamsRequest, ListStreamsResponse>(_server.Streams.ListStreams, request);
}

public sealed class ListStreamsOnSqliteTests() : ListStreamsTests(StoreProvider.Sqlite);

public sealed class ListStreamsOnPostgreSqlTests() : ListStreamsTests(StoreProvider.PostgreSql);
