using Grpc.Core;
using LiveGrpc.Server.Tests.Support;
using LiveGrpc.V1;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveGrpc.Server.Tests.Tokens;

public sealed class TokenTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync(new()
    {
        ["Media:Local:MaxViewers"] = "7",
        ["Media:Local:IceServers:0:Urls:0"] = "stun:stun.example.org:3478",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AViewerToken_TellsTheClientToUseLocalMedia_WithTheConfiguredHubIceServersAndCap()
    {
        var (id, _) = await _server.CreateStreamAsync();
        var response = await _server.CallAsync<CreateViewerTokenRequest, CreateViewerTokenResponse>(_server.Tokens.CreateViewerToken,
            new CreateViewerTokenRequest { StreamId = id, DisplayName = "Ana" });

        Assert.Equal(MediaProvider.Local, response.Media.Provider);
        Assert.Equal("/hubs/streams", response.Media.Local.HubPath);
        Assert.Equal(7, response.Media.Local.MaxViewers);
        Assert.Equal("stun:stun.example.org:3478", Assert.Single(Assert.Single(response.Media.Local.IceServers).Urls));
        Assert.Equal(_server.Time.GetUtcNow().AddMinutes(10), response.ExpireTime.ToDateTimeOffset());
        Assert.StartsWith("viewer_", response.Identity);
    }

    [Fact]
    public async Task AnExpiredViewerToken_IsUnauthenticated()
    {
        var (id, _) = await _server.CreateStreamAsync();
        var token = await _server.ViewerTokenAsync(id);
        _server.Time.Advance(TimeSpan.FromMinutes(10));

        var ex = await Watch(id, token).FailsWith(StatusCode.Unauthenticated);
        Assert.Contains("expired", ex.Status.Detail);
    }

    [Fact]
    public async Task AForgedToken_SignedWithAnotherKey_IsUnauthenticated()
    {
        var (id, _) = await _server.CreateStreamAsync();
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "livegrpc",
            Audience = "livegrpc",
            Expires = DateTime.UtcNow.AddYears(1),
            Claims = new Dictionary<string, object> { ["lg_stream"] = id, ["lg_role"] = "publisher", ["sid"] = "x", ["sub"] = "host" },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256),
        });
        await Watch(id, forged).FailsWith(StatusCode.Unauthenticated);
    }

    [Fact]
    public async Task AViewerToken_CannotGetAPublisherToken()
    {
        var (id, _) = await _server.CreateStreamAsync();
        var viewer = await _server.ViewerTokenAsync(id);
        await _server.PublisherTokenAsync(id, viewer).FailsWith(StatusCode.PermissionDenied);
    }

    [Fact]
    public async Task APublisherToken_NeedsTheHostSecret()
    {
        var (id, secret) = await _server.CreateStreamAsync();
        await _server.PublisherTokenAsync(id, null!).FailsWith(StatusCode.Unauthenticated);
        Assert.NotEmpty(await _server.PublisherTokenAsync(id, secret));
    }

    [Fact]
    public async Task APrivateStream_AdmitsViewers_OnlyWithThePasscodeOrAnInvite()
    {
        var (id, secret) = await _server.CreateStreamAsync("Family", Visibility.Private, "correct horse");
        var (otherId, otherSecret) = await _server.CreateStreamAsync("Other", Visibility.Private, "battery staple");

        await _server.ViewerTokenAsync(id).FailsWith(StatusCode.PermissionDenied);
        var wrong = await _server.ViewerTokenAsync(id, passcode: "wrong horse").FailsWith(StatusCode.PermissionDenied);
        Assert.Contains("passcode", wrong.Status.Detail);
        Assert.NotEmpty(await _server.ViewerTokenAsync(id, passcode: "correct horse"));

        var invite = (await _server.CallAsync<CreateInviteRequest, CreateInviteResponse>(_server.Tokens.CreateInvite,
            new CreateInviteRequest { StreamId = id, TtlSeconds = 3600 }, secret)).InviteCode;
        Assert.NotEmpty(await _server.ViewerTokenAsync(id, invite: invite));
        await _server.ViewerTokenAsync(otherId, invite: invite).FailsWith(StatusCode.PermissionDenied);

        _server.Time.Advance(TimeSpan.FromHours(1));
        await _server.ViewerTokenAsync(id, invite: invite).FailsWith(StatusCode.PermissionDenied);
        _ = otherSecret;
    }

    [Fact]
    public async Task AnonymousWatchers_CannotFollowAPrivateStream()
    {
        var (id, _) = await _server.CreateStreamAsync("Family", Visibility.Private, "correct horse");
        await Watch(id, null).FailsWith(StatusCode.PermissionDenied);
    }

    [Fact]
    public async Task ATokenForOneStream_CannotWatchAnother()
    {
        var (id, _) = await _server.CreateStreamAsync();
        var (otherId, _) = await _server.CreateStreamAsync("Other");
        var token = await _server.ViewerTokenAsync(id);
        await Watch(otherId, token).FailsWith(StatusCode.PermissionDenied);
    }

    [Fact]
    public async Task TokenIssuance_IsRateLimitedPerPeer_WithResourceExhausted()
    {
        await using var server = await ServerHarness.StartAsync(new()
        {
            ["Tokens:IssuanceBurst"] = "3",
            ["Tokens:IssuancePermitsPerSecond"] = "1",
        });
        var (id, _) = await server.CreateStreamAsync();
        for (var i = 0; i < 3; i++)
        {
            await server.ViewerTokenAsync(id);
        }
        var ex = await server.ViewerTokenAsync(id).FailsWith(StatusCode.ResourceExhausted);
        Assert.Contains("retry", ex.Status.Detail);
        // Another address still has its own allowance.
        await server.CallAsync<CreateViewerTokenRequest, CreateViewerTokenResponse>(server.Tokens.CreateViewerToken,
            new CreateViewerTokenRequest { StreamId = id }, peer: "10.0.0.2");
    }

    private Task Watch(string id, string? bearer) =>
        _server.StreamAsync<WatchStreamRequest, WatchStreamResponse>(_server.Streams.WatchStream,
            new WatchStreamRequest { StreamId = id }, new CollectingStreamWriter<WatchStreamResponse>(), bearer, CancellationToken.None);
}
