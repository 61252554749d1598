using LiveGrpc.Server.Streams;
using LiveGrpc.Server.Tests.Support;
using Stream = LiveGrpc.Server.Streams.Stream;

namespace LiveGrpc.Server.Tests.Persistence;

/// <summary>
/// The store contract where the providers could differ (ordering, case folding, time precision,
/// concurrent writers). Runs on <see cref="StoreOnSqliteTests"/> and <see cref="StoreOnPostgreSqlTests"/>.
/// </summary>
public abstract class StoreTests(StoreProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 17, 10, 11, 12, TimeSpan.Zero);
    private TestDatabase _database = null!;
    private ServerHarness _server = null!;

    private IStreamStore Store => _server.Get<IStreamStore>();

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
    public async Task TwoNodesSavingOneStream_FromTheSameVersion_OneWins_AndTheOtherGetsStreamConcurrencyException()
    {
        await using var otherNode = await ServerHarness.StartAsync(database: _database);
        var stores = new[] { Store, otherNode.Get<IStreamStore>() };
        await Store.AddAsync(NewStream("st_contested", "Contested", T0), null, CancellationToken.None);

        // Each round both nodes read the same version and save at once; whichever order the
        // statements interleave in, exactly one save may land.
        for (var round = 0; round < 15; round++)
        {
            var copies = await Task.WhenAll(stores.Select(store => store.FindAsync("st_contested", CancellationToken.None)));
            var version = copies[0]!.Version;
            Assert.Equal(version, copies[1]!.Version);
            for (var node = 0; node < 2; node++)
            {
                copies[node]!.Title = $"Round {round} by node {node}";
                copies[node]!.MarkEdited(T0.AddSeconds(round));
            }

            var outcomes = await Task.WhenAll(stores.Select((store, node) => SaveOutcomeAsync(store, copies[node]!, version)));

            var winner = Assert.Single(Enumerable.Range(0, 2), node => outcomes[node] is null);
            Assert.IsType<StreamConcurrencyException>(outcomes[1 - winner]);
            var stored = await Store.FindAsync("st_contested", CancellationToken.None);
            Assert.Equal(version + 1, stored!.Version);
            Assert.Equal($"Round {round} by node {winner}", stored.Title);
        }
    }

    [Fact]
    public async Task ASaveFromAStaleVersion_IsRefused_AndLeavesTheStoredStreamAlone()
    {
        await Store.AddAsync(NewStream("st_stale", "First", T0), null, CancellationToken.None);
        var fresh = (await Store.FindAsync("st_stale", CancellationToken.None))!;
        var stale = (await Store.FindAsync("st_stale", CancellationToken.None))!;
        fresh.Title = "Second";
        fresh.MarkEdited(T0.AddSeconds(1));
        await Store.SaveAsync(fresh, 1, null, CancellationToken.None);

        stale.Title = "Lost update";
        stale.MarkEdited(T0.AddSeconds(2));
        await Assert.ThrowsAsync<StreamConcurrencyException>(() => Store.SaveAsync(stale, 1, null, CancellationToken.None));

        var stored = (await Store.FindAsync("st_stale", CancellationToken.None))!;
        Assert.Equal("Second", stored.Title);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task TitleSearch_IgnoresCase_IncludingNonAsciiLetters_AndTakesWildcardCharactersLiterally()
    {
        string[] titles = ["Café Müller", "ЖИВОЙ эфир", "Ωmega ΣΥΝΑΥΛΙΑ", "100% real", "snake_case show", "Plain"];
        for (var i = 0; i < titles.Length; i++)
        {
            await Store.AddAsync(NewStream($"st_title{i}", titles[i], T0.AddSeconds(i)), null, CancellationToken.None);
        }

        async Task<string[]> Search(string query) =>
            (await Store.ListAsync(new StreamListQuery(null, query, null, 50), CancellationToken.None)).Select(s => s.Title).ToArray();

        Assert.Equal(["Café Müller"], await Search("CAFÉ MÜLLER"));
        Assert.Equal(["Café Müller"], await Search("é mü"));
        Assert.Equal(["ЖИВОЙ эфир"], await Search("живой ЭФИР"));
        Assert.Equal(["Ωmega ΣΥΝΑΥΛΙΑ"], await Search("ωMEGA συναυλια"));
        // LIKE would read these as wildcards and match everything.
        Assert.Equal(["100% real"], await Search("%"));
        Assert.Equal(["snake_case show"], await Search("_"));
        Assert.Empty(await Search("e%c"));
        Assert.Equal(titles.Length, (await Search("")).Length);
    }

    [Fact]
    public async Task Paging_BreaksCreateTimeTiesByOrdinalId_EvenWhereLinguisticOrderDiffers()
    {
        // Under a linguistic collation (ICU en-US, the test server's default) "_" < digits <
        // letters and case is a tie-breaker; ordinally "0" < "9" < "A" < "Z" < "_" < "a" < "z".
        string[] tied = ["st_0", "st_9", "st_A", "st_Z", "st__", "st_a", "st_z", "st_aB", "st_Ab"];
        foreach (var id in tied)
        {
            await Store.AddAsync(NewStream(id, id, T0), null, CancellationToken.None);
        }
        await Store.AddAsync(NewStream("st_later", "later", T0.AddTicks(10)), null, CancellationToken.None);
        await Store.AddAsync(NewStream("st_earlier", "earlier", T0.AddTicks(-10)), null, CancellationToken.None);

        var seen = new List<string>();
        StreamCursor? after = null;
        while (true)
        {
            var page = await Store.ListAsync(new StreamListQuery(null, null, after, 2), CancellationToken.None);
            seen.AddRange(page.Select(s => s.Id));
            if (page.Count < 2)
            {
                break;
            }
            after = new StreamCursor(page[^1].CreateTime, page[^1].Id);
        }

        var expected = new[] { "st_later" }
            .Concat(tied.OrderByDescending(id => id, StringComparer.Ordinal))
            .Append("st_earlier");
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Times_RoundTripToTheMicrosecond_InUtc()
    {
        var created = new DateTimeOffset(2026, 5, 17, 10, 11, 12, TimeSpan.FromHours(2)).AddTicks(1234567); // .1234567 at +02:00
        var stream = NewStream("st_times", "Times", created);
        await Store.AddAsync(stream, null, CancellationToken.None);
        var started = created.AddTicks(10); // one microsecond later
        var broadcast = new Broadcast { Id = "bc_times", StreamId = stream.Id, StartTime = started };
        var deadline = new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9999999);
        stream.BeginBroadcast(broadcast, started, deadline);
        await Store.SaveAsync(stream, 1, null, CancellationToken.None);

        var stored = (await Store.FindAsync(stream.Id, CancellationToken.None))!;
        // Storage keeps microseconds (the 100 ns digit goes) and hands back UTC.
        var createdMicros = new DateTimeOffset(2026, 5, 17, 8, 11, 12, TimeSpan.Zero).AddTicks(1234560);
        Assert.Equal(createdMicros, stored.CreateTime);
        Assert.Equal(TimeSpan.Zero, stored.CreateTime.Offset);
        Assert.Equal(createdMicros.AddTicks(10), stored.UpdateTime);
        Assert.Equal(createdMicros.AddTicks(10), stored.CurrentBroadcast!.StartTime);
        Assert.Equal(deadline.AddTicks(-9), stored.PublisherDeadline);

        var ended = stored.EndBroadcast(started.AddTicks(20), EndReason.HostStopped);
        await Store.SaveAsync(stored, 2, ended, CancellationToken.None);
        var history = await Store.ListBroadcastsAsync(stream.Id, null, 10, CancellationToken.None);
        Assert.Equal(createdMicros.AddTicks(30), Assert.Single(history).EndTime);
        Assert.Equal(createdMicros.AddTicks(30), (await Store.FindAsync(stream.Id, CancellationToken.None))!.LastLiveEndTime);
    }

    [Fact]
    public async Task CreateRequests_AreKeptUntilPurged_AndAKeyIsStoredOnce()
    {
        var first = new CreateRequest("key-hash", "fingerprint", "st_req1", T0);
        await Store.AddAsync(NewStream("st_req1", "Req", T0), first, CancellationToken.None);
        Assert.Equal(first, await Store.FindCreateRequestAsync("key-hash", CancellationToken.None));

        // Another node inserting the same key (after its own lookup found nothing) is told so, and writes nothing.
        await using var otherNode = await ServerHarness.StartAsync(database: _database);
        var duplicate = new CreateRequest("key-hash", "fingerprint", "st_req2", T0);
        await Assert.ThrowsAsync<DuplicateCreateRequestException>(() =>
            otherNode.Get<IStreamStore>().AddAsync(NewStream("st_req2", "Req", T0), duplicate, CancellationToken.None));
        Assert.Null(await Store.FindAsync("st_req2", CancellationToken.None));

        await Store.PurgeCreateRequestsAsync(T0.AddTicks(10), CancellationToken.None);
        Assert.Null(await Store.FindCreateRequestAsync("key-hash", CancellationToken.None));
        Assert.NotNull(await Store.FindAsync("st_req1", CancellationToken.None));
    }

    [Fact]
    public async Task DeletingAStream_RemovesItsHistoryAndRequests_AndNothingElse()
    {
        foreach (var id in new[] { "st_gone", "st_kept" })
        {
            var stream = NewStream(id, id, T0);
            await Store.AddAsync(stream, new CreateRequest("key-" + id, "f", id, T0), CancellationToken.None);
            var broadcast = new Broadcast { Id = "bc_" + id, StreamId = id, StartTime = T0 };
            stream.BeginBroadcast(broadcast, T0, T0.AddMinutes(1));
            await Store.SaveAsync(stream, 1, null, CancellationToken.None);
        }

        await Store.DeleteAsync("st_gone", CancellationToken.None);

        Assert.Null(await Store.FindAsync("st_gone", CancellationToken.None));
        Assert.Empty(await Store.ListBroadcastsAsync("st_gone", null, 10, CancellationToken.None));
        Assert.Null(await Store.FindCreateRequestAsync("key-st_gone", CancellationToken.None));
        Assert.Equal("bc_st_kept", (await Store.FindAsync("st_kept", CancellationToken.None))!.CurrentBroadcast!.Id);
        Assert.NotNull(await Store.FindCreateRequestAsync("key-st_kept", CancellationToken.None));
        Assert.Equal(["st_kept"], await Store.ListUnfinishedAsync(CancellationToken.None));
    }

    private static Stream NewStream(string id, string title, DateTimeOffset createTime) =>
        Stream.Create(id, title, "", Visibility.Public, null, "host-secret-hash", createTime);

    private static async Task<Exception?> SaveOutcomeAsync(IStreamStore store, Stream stream, long expectedVersion)
    {
        try
        {
            await store.SaveAsync(stream, expectedVersion, null, CancellationToken.None);
            return null;
        }
        catch (Exception failure)
        {
            return failure;
        }
    }
}

public sealed class StoreOnSqliteTests() : StoreTests(StoreProvider.Sqlite);

public sealed class StoreOnPostgreSqlTests() : StoreTests(StoreProvider.PostgreSql);
