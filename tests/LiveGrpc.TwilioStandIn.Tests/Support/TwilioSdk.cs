using System.Net.Http.Headers;
using Twilio.Clients;
using Twilio.Http;
using Twilio.Jwt.AccessToken;

namespace LiveGrpc.TwilioStandIn.Tests.Support;

/// <summary>
/// Twilio's own C# helper library pointed at the stand-in the only way it allows: a
/// TwilioRestClient instance over an HttpClient whose handler maps Twilio's hosts onto the
/// stand-in's address. Nothing else about the SDK changes.
/// </summary>
internal static class TwilioSdk
{
    public static (TwilioRestClient Client, TwilioHosts Hosts) Client(TwilioStandIn standIn, string? username = null, string? password = null, TimeSpan? timeout = null) =>
        Client(standIn.BaseAddress, standIn.Options.AccountSid, username ?? standIn.Options.ApiKeySid, password ?? standIn.Options.ApiKeySecret, timeout);

    public static (TwilioRestClient Client, TwilioHosts Hosts) Client(Uri baseAddress, string accountSid, string username, string password, TimeSpan? timeout = null)
    {
        var hosts = new TwilioHosts(baseAddress) { InnerHandler = new SocketsHttpHandler() };
        var http = new System.Net.Http.HttpClient(hosts) { Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        return (new TwilioRestClient(username, password, accountSid: accountSid, httpClient: new SystemNetHttpClient(http)), hosts);
    }

    /// <summary>A participant's Access Token as Twilio's SDK builds it (API key signed, VideoGrant).</summary>
    public static string VideoToken(TwilioStandIn standIn, string identity, string? room, DateTime? expires = null, string? secret = null) =>
        VideoToken(standIn.Options.AccountSid, standIn.Options.ApiKeySid, secret ?? standIn.Options.ApiKeySecret, identity, room, expires);

    public static string VideoToken(string accountSid, string apiKeySid, string apiKeySecret, string identity, string? room, DateTime? expires = null) =>
        new Token(accountSid, apiKeySid, apiKeySecret, identity: identity, expiration: expires ?? DateTime.UtcNow.AddMinutes(10),
            grants: [new VideoGrant { Room = room }]).ToJwt();
}

/// <summary>Sends https://video.twilio.com and https://media.twilio.com requests to the stand-in; remembers the last response's headers.</summary>
internal sealed class TwilioHosts(Uri standIn) : DelegatingHandler
{
    public HttpResponseHeaders? LastResponseHeaders { get; private set; }

    public List<string> Hosts { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (uri is not { Scheme: "https", Host: "video.twilio.com" or "media.twilio.com" })
        {
            throw new InvalidOperationException($"The SDK called {uri}, which is not a Twilio host the stand-in serves");
        }
        lock (Hosts)
        {
            Hosts.Add(uri.Host);
        }
        request.RequestUri = new Uri(standIn, uri.PathAndQuery);
        var response = await base.SendAsync(request, cancellationToken);
        LastResponseHeaders = response.Headers;
        return response;
    }
}
