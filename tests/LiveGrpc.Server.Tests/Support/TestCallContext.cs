using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace LiveGrpc.Server.Tests.Support;

/// <summary>A call context for invoking service classes in-process, as Grpc.AspNetCore would.</summary>
public sealed class TestCallContext : ServerCallContext
{
    private readonly DefaultHttpContext _http = new();
    private readonly Metadata _requestHeaders = [];
    private readonly Metadata _responseTrailers = [];
    private readonly Dictionary<object, object> _userState = [];
    private readonly CancellationToken _cancellationToken;

    public TestCallContext(string? bearer = null, CancellationToken cancellationToken = default, string peerAddress = "127.0.0.1")
    {
        if (bearer is not null)
        {
            _requestHeaders.Add("authorization", "Bearer " + bearer);
        }
        _cancellationToken = cancellationToken;
        _http.Connection.RemoteIpAddress = IPAddress.Parse(peerAddress);
        // Where Grpc.AspNetCore's GetHttpContext() looks for the request outside its own contexts.
        _userState["__HttpContext"] = _http;
    }

    protected override string MethodCore => "/livegrpc.v1.Test/Call";
    protected override string HostCore => "localhost";
    protected override string PeerCore => "ipv4:" + _http.Connection.RemoteIpAddress + ":5555";
    protected override DateTime DeadlineCore => DateTime.MaxValue;
    protected override Metadata RequestHeadersCore => _requestHeaders;
    protected override CancellationToken CancellationTokenCore => _cancellationToken;
    protected override Metadata ResponseTrailersCore => _responseTrailers;
    protected override Status StatusCore { get; set; }
    protected override WriteOptions? WriteOptionsCore { get; set; }
    protected override AuthContext AuthContextCore { get; } = new(null, []);
    protected override IDictionary<object, object> UserStateCore => _userState;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
