using System.Security.Claims;
using System.Text;
using LiveGrpc.TwilioStandIn.Rest;
using LiveGrpc.TwilioStandIn.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Twilio.Jwt.AccessToken;
using Twilio.Rest.Video.V1;

namespace LiveGrpc.TwilioStandIn.Tests;

/// <summary>Joining checks the Access Token as Twilio's signalling does; tokens are built by Twilio's SDK unless a broken header is the point.</summary>
public sealed class AccessTokenTests : IAsyncLifetime
{
    private TwilioStandIn twilio = null!;

    public async Task InitializeAsync()
    {
        twilio = await TwilioStandIn.StartAsync();
        var (client, _) = TwilioSdk.Client(twilio);
        await RoomResource.CreateAsync(uniqueName: "stage", client: client);
        await RoomResource.CreateAsync(uniqueName: "backstage", client: client);
    }

    public async Task DisposeAsync() => await twilio.DisposeAsync();

    [Fact]
    public async Task ATokenWithoutARoom_MayJoinTheRoomTheClientNames()
    {
        var participant = await twilio.ConnectParticipantAsync(TwilioSdk.VideoToken(twilio, "roamer", room: null), "backstage");

        Assert.Equal("roamer", participant.Identity);
    }

    [Fact]
    public async Task ATokenForAnotherRoom_Is20106()
    {
        var error = await Rejected(TwilioSdk.VideoToken(twilio, "viewer", "stage"), "backstage");

        Assert.Equal(20106, error.Code);
    }

    [Fact]
    public async Task ATokenSignedWithAnotherSecret_Is20107()
    {
        var error = await Rejected(TwilioSdk.VideoToken(twilio, "viewer", "stage", secret: new string('x', 32)));

        Assert.Equal(20107, error.Code);
    }

    [Fact]
    public async Task ATokenFromAnotherApiKey_Is20103()
    {
        var foreign = new Token(twilio.Options.AccountSid, "SK" + new string('0', 32), twilio.Options.ApiKeySecret, identity: "viewer",
            expiration: DateTime.UtcNow.AddMinutes(5), grants: [new VideoGrant { Room = "stage" }]).ToJwt();

        var error = await Rejected(foreign);

        Assert.Equal(20103, error.Code);
    }

    [Fact]
    public async Task AToken_IsRefusedOnceTheStandInsClockPassesItsExpiry_With20104()
    {
        var token = TwilioSdk.VideoToken(twilio, "viewer", "stage", expires: DateTime.UtcNow.AddMinutes(10));
        await twilio.ConnectParticipantAsync(token);

        twilio.AdvanceClock(TimeSpan.FromMinutes(11));
        var error = await Rejected(token);

        Assert.Equal(20104, error.Code);
    }

    [Fact]
    public async Task ATokenValidForMoreThan24Hours_Is20157()
    {
        var error = await Rejected(TwilioSdk.VideoToken(twilio, "viewer", "stage", expires: DateTime.UtcNow.AddHours(25)));

        Assert.Equal(20157, error.Code);
    }

    [Fact]
    public async Task ATokenWithoutAVideoGrant_Is20106()
    {
        var noGrant = new Token(twilio.Options.AccountSid, twilio.Options.ApiKeySid, twilio.Options.ApiKeySecret, identity: "viewer",
            expiration: DateTime.UtcNow.AddMinutes(5), grants: [new PlaybackGrant { Grant = new Dictionary<string, object> { ["playerStreamerSid"] = "VJ" } }]).ToJwt();

        var error = await Rejected(noGrant, "stage");

        Assert.Equal(20106, error.Code);
    }

    [Fact]
    public async Task ATokenWithoutTwiliosContentTypeHeader_Is20102()
    {
        // Same claims as Twilio's, but a plain JWT header: Twilio requires cty twilio-fpa;v=1.
        var plain = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = twilio.Options.ApiKeySid,
            Subject = new ClaimsIdentity([new Claim("sub", twilio.Options.AccountSid)]),
            Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["grants"] = new Dictionary<string, object> { ["identity"] = "viewer", ["video"] = new Dictionary<string, object> { ["room"] = "stage" } } },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(twilio.Options.ApiKeySecret)), SecurityAlgorithms.HmacSha256),
        });

        var error = await Rejected(plain);

        Assert.Equal(20102, error.Code);
    }

    [Fact]
    public async Task SomethingThatIsNotAJwt_Is20101()
    {
        var error = await Rejected("not-a-token");

        Assert.Equal((401, 20101), (error.Status, error.Code));
    }

    private async Task<TwilioError> Rejected(string token, string? room = null) =>
        (await Assert.ThrowsAsync<TwilioErrorException>(() => twilio.ConnectParticipantAsync(token, room))).Error;
}
