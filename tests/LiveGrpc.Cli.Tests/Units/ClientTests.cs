using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using LiveGrpc.Cli.Clients;
using LiveGrpc.Cli.Commands;
using LiveGrpc.V1;

namespace LiveGrpc.Cli.Tests.Units;

public sealed class ClientTests
{
    [Fact]
    public void The_retry_policy_covers_the_idempotent_methods_of_the_contract_and_only_UNAVAILABLE()
    {
        var config = Assert.Single(LiveGrpcChannel.ServiceConfig().MethodConfigs);
        Assert.Equal(
            ["CreateStream", "GetStream", "ListBroadcasts", "ListStreams", "StartStream", "StopStream", "WatchStream"],
            config.Names.Select(n => n.Method).Order());
        Assert.All(config.Names, n => Assert.Equal("livegrpc.v1.StreamService", n.Service));
        Assert.Equal([StatusCode.Unavailable], config.RetryPolicy!.RetryableStatusCodes);
        Assert.True(config.RetryPolicy.MaxAttempts > 1);
    }

    [Fact]
    public async Task An_idempotent_call_that_meets_UNAVAILABLE_is_sent_again()
    {
        var handler = new ScriptedHandler(StatusCode.Unavailable, StatusCode.Unavailable, StatusCode.OK);
        using var channel = LiveGrpcChannel.Create(new Uri("http://127.0.0.1:1"), handler);
        var client = new StreamService.StreamServiceClient(channel);

        await client.GetStreamAsync(new GetStreamRequest { StreamId = "st_1" }, deadline: DateTime.UtcNow.AddSeconds(10));

        Assert.Equal(3, handler.Requests);
    }

    [Fact]
    public async Task A_call_that_is_not_safe_to_repeat_is_sent_once()
    {
        var handler = new ScriptedHandler(StatusCode.Unavailable, StatusCode.OK);
        using var channel = LiveGrpcChannel.Create(new Uri("http://127.0.0.1:1"), handler);
        var client = new StreamService.StreamServiceClient(channel);

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            client.DeleteStreamAsync(new DeleteStreamRequest { StreamId = "st_1" }, deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(1, handler.Requests);
    }

    [Fact]
    public async Task A_status_that_is_not_UNAVAILABLE_is_not_retried()
    {
        var handler = new ScriptedHandler(StatusCode.NotFound, StatusCode.OK);
        using var channel = LiveGrpcChannel.Create(new Uri("http://127.0.0.1:1"), handler);
        var client = new StreamService.StreamServiceClient(channel);

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            client.GetStreamAsync(new GetStreamRequest { StreamId = "st_1" }, deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal(1, handler.Requests);
    }

    [Fact]
    public void Bearer_metadata_carries_the_credential()
    {
        var metadata = BearerMetadata.For("lgs_abc");
        Assert.Equal("Bearer lgs_abc", metadata.GetValue("authorization"));
        Assert.Throws<ArgumentException>(() => BearerMetadata.For(""));
    }

    [Fact]
    public void Watch_reconnects_back_off_and_cap()
    {
        Assert.Equal(
            new[] { 0.5, 1, 2, 4, 8, 8, 8, 8 },
            Enumerable.Range(1, StreamWatcher.MaxReconnects).Select(n => StreamWatcher.Backoff(n).TotalSeconds).ToArray());
    }

    [Theory]
    [InlineData(StatusCode.Unavailable, true)]
    [InlineData(StatusCode.Internal, true)]
    [InlineData(StatusCode.Unauthenticated, true)]
    [InlineData(StatusCode.NotFound, false)]
    [InlineData(StatusCode.PermissionDenied, false)]
    [InlineData(StatusCode.InvalidArgument, false)]
    public void Watch_retries_only_what_a_reconnect_can_cure(StatusCode code, bool retry) =>
        Assert.Equal(retry, StreamWatcher.IsWorthRetrying(code));

    /// <summary>Answers each request with the next status as a trailers-only gRPC response (an empty message for OK).</summary>
    private sealed class ScriptedHandler(params StatusCode[] statuses) : HttpMessageHandler
    {
        private int _requests;

        public int Requests => _requests;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var index = Interlocked.Increment(ref _requests) - 1;
            if (request.Content is not null)
            {
                await request.Content.ReadAsByteArrayAsync(cancellationToken);
            }
            var status = statuses[Math.Min(index, statuses.Length - 1)];
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Version = HttpVersion.Version20, RequestMessage = request };
            if (status == StatusCode.OK)
            {
                // One empty GetStreamResponse, then grpc-status 0 in the trailers.
                response.Content = new ByteArrayContent([0, 0, 0, 0, 0]);
                response.TrailingHeaders.Add("grpc-status", "0");
            }
            else
            {
                response.Content = new ByteArrayContent([]);
                response.Headers.Add("grpc-status", ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
                response.Headers.Add("grpc-message", "scripted");
            }
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            return response;
        }
    }
}
