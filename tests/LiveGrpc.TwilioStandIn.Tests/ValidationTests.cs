using LiveGrpc.TwilioStandIn.Tests.Support;
using Twilio.Exceptions;
using Twilio.Http;
using HttpMethod = Twilio.Http.HttpMethod;
using Twilio.Rest;
using Twilio.Rest.Video.V1;

namespace LiveGrpc.TwilioStandIn.Tests;

/// <summary>Requests Twilio would reject are rejected with Twilio's status, code and error body, as the SDK sees them.</summary>
public sealed class ValidationTests : IAsyncLifetime
{
    private TwilioStandIn twilio = null!;

    public async Task InitializeAsync() => twilio = await TwilioStandIn.StartAsync();

    public async Task DisposeAsync() => await twilio.DisposeAsync();

    [Fact]
    public async Task CreateRoom_WithATypeOutsideTheEnum_Is400With20001()
    {
        var (client, _) = TwilioSdk.Client(twilio);

        var error = await Assert.ThrowsAsync<ApiException>(() => RoomResource.CreateAsync(type: "huge", client: client));

        Assert.Equal((400, 20001), (error.Status, error.Code));
        Assert.Contains("Type", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(twilio.Requests, r => r.Status == 201);
    }

    [Fact]
    public async Task CreateRoom_WithAnUnknownParameter_Is400With20001()
    {
        var (client, _) = TwilioSdk.Client(twilio);

        var error = await Assert.ThrowsAsync<ApiException>(() => client.RequestAsync(new Request(HttpMethod.Post, Domain.Video, "/v1/Rooms",
            postParams: [new("UniqueName", "x"), new("MaxViewers", "10")])));

        Assert.Equal((400, 20001), (error.Status, error.Code));
        Assert.Equal("Unknown parameter MaxViewers", error.Message);
    }

    [Fact]
    public async Task UpdateRoom_WithoutItsRequiredStatus_Is400With20001()
    {
        var (client, _) = TwilioSdk.Client(twilio);
        var room = await RoomResource.CreateAsync(client: client);

        var error = await Assert.ThrowsAsync<ApiException>(() => client.RequestAsync(new Request(HttpMethod.Post, Domain.Video, $"/v1/Rooms/{room.Sid}", postParams: [])));

        Assert.Equal((400, 20001), (error.Status, error.Code));
        Assert.Equal("Missing required parameter Status in the post body", error.Message);
        Assert.Equal(RoomResource.RoomStatusEnum.InProgress, (await RoomResource.FetchAsync(room.Sid, client)).Status);
    }

    [Theory]
    [InlineData("MaxParticipants", "many")]
    [InlineData("AudioOnly", "sometimes")]
    [InlineData("StatusCallback", "not a url")]
    [InlineData("VideoCodecs", "AV1")]
    public async Task CreateRoom_WithAValueOfTheWrongType_Is400With20001(string parameter, string value)
    {
        var (client, _) = TwilioSdk.Client(twilio);

        var error = await Assert.ThrowsAsync<ApiException>(() => client.RequestAsync(new Request(HttpMethod.Post, Domain.Video, "/v1/Rooms", postParams: [new(parameter, value)])));

        Assert.Equal((400, 20001), (error.Status, error.Code));
        Assert.Contains(parameter, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateRoom_WithMoreParticipantsThanAGroupRoomHolds_Is53107()
    {
        var (client, _) = TwilioSdk.Client(twilio);

        var error = await Assert.ThrowsAsync<ApiException>(() => RoomResource.CreateAsync(maxParticipants: 51, client: client));

        Assert.Equal((400, 53107), (error.Status, error.Code));
    }

    [Theory]
    [InlineData("EmptyRoomTimeout", "0")]
    [InlineData("UnusedRoomTimeout", "61")]
    [InlineData("MaxParticipantDuration", "86401")]
    public async Task CreateRoom_WithATimeoutOutOfTwiliosRange_Is400(string parameter, string value)
    {
        var (client, _) = TwilioSdk.Client(twilio);

        var error = await Assert.ThrowsAsync<ApiException>(() => client.RequestAsync(new Request(HttpMethod.Post, Domain.Video, "/v1/Rooms", postParams: [new(parameter, value)])));

        Assert.Equal((400, 20001), (error.Status, error.Code));
        Assert.Contains(parameter, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadRooms_WithAPageSizeAboveTheDescriptionsMaximum_Is400()
    {
        var (client, _) = TwilioSdk.Client(twilio);

        var error = await Assert.ThrowsAsync<ApiException>(() => RoomResource.ReadAsync(pageSize: 1001, client: client));

        Assert.Equal((400, 20001), (error.Status, error.Code));
    }

    [Theory]
    [InlineData("SKffffffffffffffffffffffffffffffff", null)]
    [InlineData(null, "wrong-secret")]
    public async Task AnyCall_WithWrongCredentials_Is401With20003(string? username, string? password)
    {
        var (client, _) = TwilioSdk.Client(twilio, username ?? twilio.Options.ApiKeySid, password ?? twilio.Options.ApiKeySecret);

        var error = await Assert.ThrowsAsync<ApiException>(() => RoomResource.CreateAsync(client: client));

        Assert.Equal((401, 20003), (error.Status, error.Code));
        Assert.Equal(401, Assert.Single(twilio.Requests).Status);
    }

    [Fact]
    public async Task AnyCall_WithTheAccountSidAndAuthToken_IsAccepted()
    {
        var (client, _) = TwilioSdk.Client(twilio, twilio.Options.AccountSid, twilio.Options.AuthToken);

        var room = await RoomResource.CreateAsync(client: client);

        Assert.Equal(twilio.Options.AccountSid, room.AccountSid);
        Assert.Equal(twilio.Options.AccountSid, Assert.Single(twilio.Requests).User);
    }

    [Fact]
    public async Task AnUnknownPath_Is404With20404_AndAKnownPathWithAnotherMethod_Is405()
    {
        var (client, _) = TwilioSdk.Client(twilio);

        var missing = await Assert.ThrowsAsync<ApiException>(() => client.RequestAsync(new Request(HttpMethod.Get, Domain.Video, "/v1/Lobbies")));
        var notAllowed = await Assert.ThrowsAsync<ApiException>(() => client.RequestAsync(new Request(HttpMethod.Delete, Domain.Video, "/v1/Rooms")));

        Assert.Equal((404, 20404), (missing.Status, missing.Code));
        Assert.Equal((405, 20004), (notAllowed.Status, notAllowed.Code));
    }

    [Fact]
    public async Task FetchRoom_ThatDoesNotExist_Is404With20404()
    {
        var (client, _) = TwilioSdk.Client(twilio);

        var error = await Assert.ThrowsAsync<ApiException>(() => RoomResource.FetchAsync("RM00000000000000000000000000000000", client));

        Assert.Equal((404, 20404), (error.Status, error.Code));
    }

    [Fact]
    public async Task AnOperationNoStoreModels_IsValidatedThenAnswered501()
    {
        using var http = RawTwilio.Client(twilio);

        var (invalid, invalidBody) = await http.GetJsonAsync("/v1/Compositions?Status=bogus");
        var (unmodelled, body) = await http.GetJsonAsync("/v1/Compositions");

        Assert.Equal((400, 20001), (invalid, (int)invalidBody["code"]!));
        Assert.Equal((501, 20501), (unmodelled, (int)body["code"]!));
    }
}
