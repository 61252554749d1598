using System.Net;
using Google.Protobuf;
using LiveGrpc.Rpc.Client;
using LiveGrpc.Rpc.Tests.Protos;
using LiveGrpc.Rpc.Wire;

namespace LiveGrpc.Rpc.Tests.Client;

/// <summary>The client against scripted HTTP responses: what it sends, and how it reads every kind of answer.</summary>
public class RpcClientTests
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = RpcTestReflection.Descriptor.Services[0];
    private static readonly Method<EchoRequest, EchoResponse> Unary = Method.FromDescriptor<EchoRequest, EchoResponse>(Service.FindMethodByName("Unary"));
    private static readonly Method<EchoRequest, EchoResponse> ServerStream = Method.FromDescriptor<EchoRequest, EchoResponse>(Service.FindMethodByName("ServerStream"));

    private static (CallInvoker Invoker, StubHandler Handler) Client(Func<HttpRequestMessage, byte[], HttpResponseMessage> respond, Action<RpcChannelOptions>? configure = null)
    {
        var handler = new StubHandler(respond);
        var options = new RpcChannelOptions { HttpHandler = handler };
        configure?.Invoke(options);
        return (RpcChannel.ForAddress("http://127.0.0.1:1", options).CreateCallInvoker(), handler);
    }

    private static async Task<RpcException> FailsAsync(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

    [Fact]
    public void Method_from_descriptor_has_the_rpc_shape_names_and_parsers()
    {
        var duplex = Method.FromDescriptor<EchoRequest, EchoResponse>(Service.FindMethodByName("Duplex"));

        Assert.Equal(MethodType.Unary, Unary.Type);
        Assert.Equal(MethodType.ServerStreaming, ServerStream.Type);
        Assert.Equal(MethodType.ClientStreaming, Method.FromDescriptor<EchoRequest, EchoResponse>(Service.FindMethodByName("ClientStream")).Type);
        Assert.Equal(MethodType.DuplexStreaming, duplex.Type);
        Assert.Equal("livegrpc.rpc.tests.v1.RpcTestService", Unary.ServiceName);
        Assert.Equal("Unary", Unary.Name);
        Assert.Equal("/livegrpc.rpc.tests.v1.RpcTestService/Unary", Unary.FullName);
        Assert.Same(EchoResponse.Parser, Unary.ResponseParser);
    }

    [Fact]
    public void Method_from_descriptor_rejects_the_wrong_message_types()
    {
        Assert.Throws<ArgumentException>(() => Method.FromDescriptor<EchoResponse, EchoResponse>(Service.FindMethodByName("Unary")));
    }

    [Fact]
    public async Task Unary_sends_a_grpc_request_and_reads_message_headers_and_trailers()
    {
        var (invoker, handler) = Client((_, _) => StubHandler.Grpc(StubHandler.Frames(new EchoResponse { Text = "pong" }), configure: r =>
        {
            r.Headers.TryAddWithoutValidation("x-server", "kestrel");
            r.TrailingHeaders.TryAddWithoutValidation("x-cost-bin", "AQI");
        }));
        var headers = new Metadata { { "x-user", "alice" }, { "x-trace-bin", new byte[] { 0xFF, 0x00 } } };

        using var call = invoker.AsyncUnaryCall(Unary, null, new CallOptions(headers), new EchoRequest { Text = "ping" });
        var response = await call;

        Assert.Equal("pong", response.Text);
        Assert.Equal("kestrel", (await call.ResponseHeadersAsync).GetValue("x-server"));
        Assert.Equal(Status.DefaultSuccess, call.GetStatus());
        Assert.Equal(new byte[] { 1, 2 }, call.GetTrailers().GetValueBytes("x-cost-bin"));

        var request = handler.Request!;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://127.0.0.1:1/livegrpc.rpc.tests.v1.RpcTestService/Unary", request.RequestUri!.ToString());
        Assert.Equal(HttpVersion.Version20, request.Version);
        Assert.Equal(HttpVersionPolicy.RequestVersionExact, request.VersionPolicy);
        Assert.Equal("application/grpc", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("trailers", request.Headers.GetValues("te").Single());
        Assert.Equal(GrpcProtocol.SupportedEncodings, request.Headers.GetValues("grpc-accept-encoding").Single());
        Assert.StartsWith("grpc-", request.Headers.GetValues("user-agent").Single());
        Assert.Equal("alice", request.Headers.GetValues("x-user").Single());
        Assert.Equal("/wA", request.Headers.GetValues("x-trace-bin").Single());
        Assert.False(request.Headers.Contains("grpc-timeout"));
        Assert.Equal(StubHandler.Frames(new EchoRequest { Text = "ping" }), handler.RequestBody);
    }

    [Fact]
    public async Task Deadline_is_sent_as_grpc_timeout()
    {
        var (invoker, handler) = Client((_, _) => StubHandler.Grpc(StubHandler.Frames(new EchoResponse())));

        await invoker.AsyncUnaryCall(Unary, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)), new EchoRequest());

        Assert.True(GrpcTimeout.TryParse(handler.Request!.Headers.GetValues("grpc-timeout").Single(), out var timeout));
        Assert.InRange(timeout, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_deadline_already_past_fails_without_sending()
    {
        var (invoker, handler) = Client((_, _) => throw new InvalidOperationException("must not be called"));

        using var call = invoker.AsyncUnaryCall(Unary, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(-1)), new EchoRequest());
        var ex = await FailsAsync(() => call.ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Equal(StatusCode.DeadlineExceeded, call.GetStatus().StatusCode);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task An_already_cancelled_token_fails_with_cancelled()
    {
        var (invoker, handler) = Client((_, _) => throw new InvalidOperationException("must not be called"));

        var ex = await FailsAsync(() => invoker.AsyncUnaryCall(Unary, null, new CallOptions(cancellationToken: new CancellationToken(true)), new EchoRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task Trailers_only_error_reports_status_decoded_message_and_metadata()
    {
        var (invoker, _) = Client((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
            response.Headers.TryAddWithoutValidation("grpc-status", "7");
            response.Headers.TryAddWithoutValidation("grpc-message", "caf%C3%A9 is closed");
            response.Headers.TryAddWithoutValidation("x-reason", "hours");
            return response;
        });

        using var call = invoker.AsyncUnaryCall(Unary, null, default, new EchoRequest());
        var ex = await FailsAsync(() => call.ResponseAsync);

        Assert.Equal(new Status(StatusCode.PermissionDenied, "café is closed"), ex.Status);
        Assert.Equal("hours", ex.Trailers.GetValue("x-reason"));
        Assert.Equal("hours", call.GetTrailers().GetValue("x-reason"));
        Assert.Equal("hours", (await call.ResponseHeadersAsync).GetValue("x-reason"));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, StatusCode.Unavailable)]
    [InlineData(HttpStatusCode.NotFound, StatusCode.Unimplemented)]
    [InlineData(HttpStatusCode.Unauthorized, StatusCode.Unauthenticated)]
    [InlineData(HttpStatusCode.InternalServerError, StatusCode.Unknown)]
    public async Task A_non_grpc_http_error_maps_the_http_status(HttpStatusCode http, StatusCode expected)
    {
        var (invoker, _) = Client((_, _) => new HttpResponseMessage(http) { Content = new StringContent("<html>proxy error</html>") });

        using var call = invoker.AsyncUnaryCall(Unary, null, default, new EchoRequest());
        var ex = await FailsAsync(() => call.ResponseAsync);

        Assert.Equal(expected, ex.StatusCode);
        Assert.Contains(((int)http).ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Status.Detail);
        await FailsAsync(() => call.ResponseHeadersAsync);
    }

    [Fact]
    public async Task A_200_that_is_not_grpc_is_unknown()
    {
        var (invoker, _) = Client((_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html></html>", System.Text.Encoding.UTF8, "text/html") });

        var ex = await FailsAsync(() => invoker.AsyncUnaryCall(Unary, null, default, new EchoRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.Contains("text/html", ex.Status.Detail);
    }

    [Fact]
    public async Task Missing_grpc_status_at_the_end_is_internal()
    {
        var (invoker, _) = Client((_, _) => StubHandler.Grpc(StubHandler.Frames(new EchoResponse()), configure: r => r.TrailingHeaders.Remove("grpc-status")));

        var ex = await FailsAsync(() => invoker.AsyncUnaryCall(Unary, null, default, new EchoRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task Error_status_in_trailers_after_a_message_fails_the_unary_call()
    {
        var (invoker, _) = Client((_, _) => StubHandler.Grpc(StubHandler.Frames(new EchoResponse()), status: 10, message: "aborted%21"));

        var ex = await FailsAsync(() => invoker.AsyncUnaryCall(Unary, null, default, new EchoRequest()).ResponseAsync);

        Assert.Equal(new Status(StatusCode.Aborted, "aborted!"), ex.Status);
    }

    [Fact]
    public async Task Unary_ok_without_a_message_is_internal()
    {
        var (invoker, _) = Client((_, _) => StubHandler.Grpc([]));
        var ex = await FailsAsync(() => invoker.AsyncUnaryCall(Unary, null, default, new EchoRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task Unary_with_two_messages_is_internal()
    {
        var (invoker, _) = Client((_, _) => StubHandler.Grpc(StubHandler.Frames(new EchoResponse(), new EchoResponse())));
        var ex = await FailsAsync(() => invoker.AsyncUnaryCall(Unary, null, default, new EchoRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task A_truncated_response_is_internal()
    {
        var (invoker, _) = Client((_, _) => StubHandler.Grpc(StubHandler.Frames(new EchoResponse { Text = "truncated" })[..8]));
        var ex = await FailsAsync(() => invoker.AsyncUnaryCall(Unary, null, default, new EchoRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task A_response_over_the_receive_limit_is_resource_exhausted()
    {
        var big = new EchoResponse { Payload = ByteString.CopyFrom(new byte[2000]) };
        var (invoker, _) = Client((_, _) => StubHandler.Grpc(StubHandler.Frames(big)), o => o.MaxReceiveMessageSize = 1000);

        using var call = invoker.AsyncUnaryCall(Unary, null, default, new EchoRequest());
        var ex = await FailsAsync(() => call.ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(StatusCode.ResourceExhausted, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task A_request_over_the_send_limit_is_resource_exhausted_and_not_sent()
    {
        var (invoker, handler) = Client((_, _) => StubHandler.Grpc(StubHandler.Frames(new EchoResponse())), o => o.MaxSendMessageSize = 100);

        var ex = await FailsAsync(() => invoker.AsyncUnaryCall(Unary, null, default, new EchoRequest { Payload = ByteString.CopyFrom(new byte[200]) }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task Gzip_responses_are_decompressed()
    {
        var (invoker, _) = Client((_, _) => StubHandler.Grpc(StubHandler.GzipFrame(new EchoResponse { Text = new string('z', 5000) }),
            configure: r => r.Headers.TryAddWithoutValidation("grpc-encoding", "gzip")));

        var response = await invoker.AsyncUnaryCall(Unary, null, default, new EchoRequest());

        Assert.Equal(new string('z', 5000), response.Text);
    }

    [Fact]
    public async Task Requests_are_gzip_compressed_when_asked()
    {
        var (invoker, handler) = Client((_, _) => StubHandler.Grpc(StubHandler.Frames(new EchoResponse())), o => o.CompressRequests = true);
        var request = new EchoRequest { Text = new string('a', 10_000) };

        await invoker.AsyncUnaryCall(Unary, null, default, request);

        Assert.Equal("gzip", handler.Request!.Headers.GetValues("grpc-encoding").Single());
        var body = new System.Buffers.ReadOnlySequence<byte>(handler.RequestBody!);
        Assert.True(MessageFraming.TryReadFrame(ref body, int.MaxValue, out var payload, out var flags));
        Assert.Equal(GrpcProtocol.CompressedFlag, flags);
        Assert.True(payload.Length < 1000);
        Assert.Equal(request, MessageFraming.ParsePayload(payload, flags, EchoRequest.Parser, int.MaxValue, "gzip"));
    }

    [Fact]
    public async Task Server_streaming_reads_every_message_then_the_status()
    {
        var messages = Enumerable.Range(0, 3).Select(i => new EchoResponse { Index = i }).ToArray<IMessage>();
        var (invoker, _) = Client((_, _) => StubHandler.Grpc(StubHandler.Frames(messages)));

        using var call = invoker.AsyncServerStreamingCall(ServerStream, null, default, new EchoRequest());
        Assert.Throws<InvalidOperationException>(() => call.GetStatus());
        var received = new List<int>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            received.Add(message.Index);
        }

        Assert.Equal([0, 1, 2], received);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Server_streaming_error_after_messages_surfaces_from_MoveNext()
    {
        var (invoker, _) = Client((_, _) => StubHandler.Grpc(StubHandler.Frames(new EchoResponse { Index = 1 }), status: 14, message: "node draining"));

        using var call = invoker.AsyncServerStreamingCall(ServerStream, null, default, new EchoRequest());
        Assert.True(await call.ResponseStream.MoveNext(default));
        Assert.Equal(1, call.ResponseStream.Current.Index);
        var ex = await FailsAsync(() => call.ResponseStream.MoveNext(default));

        Assert.Equal(new Status(StatusCode.Unavailable, "node draining"), ex.Status);
    }

    [Fact]
    public async Task Grpc_web_reads_messages_and_the_trailer_frame()
    {
        var body = StubHandler.Frames(new EchoResponse { Index = 1 }, new EchoResponse { Index = 2 })
            .Concat(StubHandler.WebTrailerFrame("grpc-status:0\r\nx-total:2\r\n")).ToArray();
        var (invoker, handler) = Client((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc-web+proto");
            return response;
        }, o => o.GrpcWeb = true);

        using var call = invoker.AsyncServerStreamingCall(ServerStream, null, default, new EchoRequest());
        var received = new List<int>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            received.Add(message.Index);
        }

        Assert.Equal([1, 2], received);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Equal("2", call.GetTrailers().GetValue("x-total"));
        Assert.Equal(HttpVersion.Version11, handler.Request!.Version);
        Assert.Equal("application/grpc-web", handler.Request.Content!.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Grpc_web_error_status_comes_from_the_trailer_frame()
    {
        var body = StubHandler.WebTrailerFrame("grpc-status:5\r\ngrpc-message:no%20such%20stream\r\n");
        var (invoker, _) = Client((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc-web");
            return response;
        }, o => o.GrpcWeb = true);

        var ex = await FailsAsync(() => invoker.AsyncUnaryCall(Unary, null, default, new EchoRequest()).ResponseAsync);

        Assert.Equal(new Status(StatusCode.NotFound, "no such stream"), ex.Status);
    }

    [Fact]
    public async Task A_connection_failure_is_unavailable()
    {
        var (invoker, _) = Client((_, _) => throw new HttpRequestException("Connection refused (127.0.0.1:1)"));

        var ex = await FailsAsync(() => invoker.AsyncUnaryCall(Unary, null, default, new EchoRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Contains("Connection refused", ex.Status.Detail);
    }

    [Fact]
    public async Task A_stream_reset_by_the_server_maps_the_http2_error_code()
    {
        var (invoker, _) = Client((_, _) => throw new HttpRequestException("reset", new HttpProtocolException(0xB, "ENHANCE_YOUR_CALM", null)));

        var ex = await FailsAsync(() => invoker.AsyncUnaryCall(Unary, null, default, new EchoRequest()).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task A_protocol_error_before_any_response_is_unavailable()
    {
        var (invoker, _) = Client((_, _) => throw new HttpRequestException("no HTTP/2 here", new HttpProtocolException(0x1, "PROTOCOL_ERROR", null)));

        var ex = await FailsAsync(() => invoker.AsyncUnaryCall(Unary, null, default, new EchoRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    [Fact]
    public async Task A_stream_reset_mid_response_maps_the_http2_error_code()
    {
        var (invoker, _) = Client((_, _) =>
        {
            var body = new FailingStream(StubHandler.Frames(new EchoResponse { Index = 7 }),
                new IOException("reset", new HttpProtocolException(0x2, "INTERNAL_ERROR", null)));
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) };
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
            return response;
        });

        using var call = invoker.AsyncServerStreamingCall(ServerStream, null, default, new EchoRequest());
        Assert.True(await call.ResponseStream.MoveNext(default));
        var ex = await FailsAsync(() => call.ResponseStream.MoveNext(default));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Equal(StatusCode.Internal, call.GetStatus().StatusCode);
    }

    [Fact]
    public void Calling_a_method_as_the_wrong_call_type_is_refused()
    {
        var (invoker, _) = Client((_, _) => StubHandler.Grpc([]));
        Assert.Throws<ArgumentException>(() => invoker.AsyncUnaryCall(ServerStream, null, default, new EchoRequest()));
    }

    [Fact]
    public void Calls_on_a_disposed_channel_are_refused()
    {
        var channel = RpcChannel.ForAddress("http://127.0.0.1:1", new RpcChannelOptions { HttpHandler = new StubHandler((_, _) => StubHandler.Grpc([])) });
        var invoker = channel.CreateCallInvoker();
        channel.Dispose();
        Assert.Throws<ObjectDisposedException>(() => invoker.AsyncUnaryCall(Unary, null, default, new EchoRequest()));
    }

    [Theory]
    [InlineData("ftp://example.com")]
    [InlineData("/relative")]
    public void Only_http_and_https_addresses_are_accepted(string address)
    {
        Assert.ThrowsAny<Exception>(() => RpcChannel.ForAddress(address));
    }

    /// <summary>Yields its bytes, then fails the next read like a reset HTTP/2 stream.</summary>
    private sealed class FailingStream(byte[] bytes, Exception failure) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => Position < Length ? base.Read(buffer, offset, count) : throw failure;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position < Length ? base.ReadAsync(buffer, cancellationToken) : ValueTask.FromException<int>(failure);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
