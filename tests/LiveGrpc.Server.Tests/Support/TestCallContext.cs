using System.Net;
using LiveGrpc.Rpc;
using Microsoft.AspNetCore.Http;

namespace LiveGrpc.Server.Tests.Support;

/// <summary>A call context for invoking service classes in-process, as the gRPC layer would.</summary>
public sealed class TestCallContext : ServerCallContext
{
    private readonly DefaultHttpContext _http = new();

    public TestCallContext(string? bearer = null, CancellationToken cancellationToken = default, string peerAddress = "127.0.0.1")
    {
        if (bearer is not null)
        {
            RequestHeaders.Add("authorization", "Bearer " + bearer);
        }
        CancellationToken = cancellationToken;
        _http.Connection.RemoteIpAddress = IPAddress.Parse(peerAddress);
    }

    public override string Method => "/livegrpc.v1.Test/Call";
    public override string Host => "localhost";
    public override string Peer => "ipv4:" + _http.Connection.RemoteIpAddress + ":5555";
    public override DateTime Deadline => DateTime.MaxValue;
    public override Metadata RequestHeaders { get; } = new();
    public override CancellationToken CancellationToken { get; }
    public override Metadata ResponseTrailers { get; } = new();
    public override Status Status { get; set; }
    public override IDictionary<object, object?> UserState { get; } = new Dictionary<object, object?>();
    public override Task WriteResponseHeadersAsync(Metadata responseHeaders) => Task.CompletedTask;
    public override HttpContext GetHttpContext() => _http;
}
