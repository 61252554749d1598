using LiveGrpc.TwilioStandIn.Control;
using LiveGrpc.TwilioStandIn.Tests.Support;
using Twilio.Exceptions;
using Twilio.Rest.Video.V1;

namespace LiveGrpc.TwilioStandIn.Tests;

/// <summary>Faults injected per route, as the SDK (and a resilience layer around its HttpClient) sees them.</summary>
public sealed class FaultsTests : IAsyncLifetime
{
    private TwilioStandIn twilio = null!;

    public async Task InitializeAsync() => twilio = await TwilioStandIn.StartAsync();

    public async Task DisposeAsync() => await twilio.DisposeAsync();

    [Fact]
    public async Task A429Fault_ReachesTheSdkAsApiException429_WithRetryAfterOnTheResponse()
    {
        var (client, hosts) = TwilioSdk.Client(twilio);
        twilio.AddFault(new FaultRule { Method = "POST", Path = "/v1/Rooms", Status = 429, RetryAfterSeconds = 2, Count = 1 });

        var limited = await Assert.ThrowsAsync<ApiException>(() => RoomResource.CreateAsync(uniqueName: "stage", client: client));
        var retryAfter = hosts.LastResponseHeaders!.RetryAfter;
        var retried = await RoomResource.CreateAsync(uniqueName: "stage", client: client);

        Assert.Equal((429, 20429), (limited.Status, limited.Code));
        Assert.Equal(TimeSpan.FromSeconds(2), retryAfter!.Delta);
        Assert.Equal("stage", retried.UniqueName);
        Assert.Equal([429, 201], twilio.Requests.Select(r => r.Status));
        Assert.Equal("429", twilio.Requests[0].Fault);
    }

    [Theory]
    [InlineData(500, 20500)]
    [InlineData(503, 20503)]
    public async Task AServerErrorFault_LeavesNothingCreated(int status, int code)
    {
        var (client, _) = TwilioSdk.Client(twilio);
        twilio.AddFault(new FaultRule { Method = "POST", Path = "/v1/Rooms", Status = status, Count = 1 });

        var failed = await Assert.ThrowsAsync<ApiException>(() => RoomResource.CreateAsync(uniqueName: "stage", client: client));

        Assert.Equal((status, code), (failed.Status, failed.Code));
        Assert.Empty(await RoomResource.ReadAsync(client: client));
    }

    [Fact]
    public async Task AnAfterEffectFault_CreatesTheRoomButLosesTheAnswer_SoARetryMeets53113()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        twilio.AddFault(new FaultRule { Method = "POST", Path = "/v1/Rooms", Status = 500, Count = 1, AfterEffect = true });

        var lost = await Assert.ThrowsAsync<ApiException>(() => RoomResource.CreateAsync(uniqueName: "stage", client: client));
        var retry = await Assert.ThrowsAsync<ApiException>(() => RoomResource.CreateAsync(uniqueName: "stage", client: client));

        Assert.Equal(500, lost.Status);
        Assert.Equal(53113, retry.Code);
        Assert.Equal("stage", Assert.Single(await RoomResource.ReadAsync(client: client)).UniqueName);
    }

    [Fact]
    public async Task ALatencyFault_OutlastsAShortClientTimeout_AndOnlyForTheCountGiven()
    {
        var (patient, _) = TwilioSdk.Client(twilio);
        var room = await RoomResource.CreateAsync(uniqueName: "stage", client: patient);
        var (hasty, _) = TwilioSdk.Client(twilio, timeout: TimeSpan.FromMilliseconds(500));
        twilio.AddFault(new FaultRule { Method = "GET", Path = "/v1/Rooms/{Sid}", LatencyMs = 10_000, Count = 1 });

        await Assert.ThrowsAsync<ApiConnectionException>(() => RoomResource.FetchAsync(room.Sid, hasty));
        var fetched = await RoomResource.FetchAsync(room.Sid, patient);

        Assert.Equal(room.Sid, fetched.Sid);
    }

    [Fact]
    public async Task AFault_AppliesOnlyToItsMethodAndPathTemplate()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        twilio.AddFault(new FaultRule { Method = "GET", Path = "/v1/Rooms/{Sid}", Status = 503 });
        var room = await RoomResource.CreateAsync(client: client);

        var read = await RoomResource.ReadAsync(client: client);
        var fetch = await Assert.ThrowsAsync<ApiException>(() => RoomResource.FetchAsync(room.Sid, client));
        var again = await Assert.ThrowsAsync<ApiException>(() => RoomResource.FetchAsync(room.Sid, client));

        Assert.Single(read);
        Assert.Equal((503, 503), (fetch.Status, again.Status));
    }

    [Fact]
    public async Task APercentFault_OfZeroNeverFires_AndOfHundredAlwaysFires()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        var never = twilio.AddFault(new FaultRule { Path = "/v1/Rooms", Status = 500, Percent = 0 });
        for (var i = 0; i < 5; i++)
        {
            await RoomResource.CreateAsync(client: client);
        }
        twilio.RemoveFault(never);
        twilio.AddFault(new FaultRule { Path = "/v1/Rooms", Status = 500, Percent = 100 });

        await Assert.ThrowsAsync<ApiException>(() => RoomResource.CreateAsync(client: client));
        twilio.ClearFaults();
        await RoomResource.CreateAsync(client: client);

        Assert.Equal([.. Enumerable.Repeat(201, 5), 500, 201], twilio.Requests.Select(r => r.Status));
    }
}
