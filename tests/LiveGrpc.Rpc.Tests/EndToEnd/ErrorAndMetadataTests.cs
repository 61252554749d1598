using Google.Protobuf;
using Google.Rpc;
using LiveGrpc.Rpc.Client;
using LiveGrpc.Rpc.Tests.Protos;

namespace LiveGrpc.Rpc.Tests.EndToEnd;

/// <summary>Statuses, trailers-only errors, rich error details and metadata in both directions.</summary>
[Collection(TestServerCollection.Name)]
public sealed class ErrorAndMetadataTests(TestServer server) : IDisposable
{
    private readonly RpcChannel _channel = server.Channel();

    private CallInvoker Invoker => _channel.CreateCallInvoker();

    public void Dispose() => _channel.Dispose();

    /// <summary>
    /// Writes the message that makes the server fail. The server may end the call while this very
    /// write is still flushing; then the write itself fails: with the server's status when the call
    /// already knows it, or (duplex, status not read yet) saying the request stream is closed.
    /// </summary>
    private static async Task WriteRacingTheServersEndAsync(IClientStreamWriter<EchoRequest> writer, EchoRequest message, StatusCode expected, bool duplex = false)
    {
        try
        {
            await writer.WriteAsync(message);
        }
        catch (RpcException ex) when (duplex && ex.StatusCode == StatusCode.Unavailable)
        {
            Assert.Contains("request stream is closed", ex.Status.Detail);
        }
        catch (RpcException ex)
        {
            Assert.Equal(expected, ex.StatusCode);
        }
    }

    public static TheoryData<int> EveryErrorCode() => new(Enumerable.Range(1, 16));

    [Theory]
    [MemberData(nameof(EveryErrorCode))]
    public async Task Every_status_code_with_a_non_ascii_message_arrives_intact(int code)
    {
        var message = $"code {code}: «ошибка» 100% 🎥\tdone";
        using var call = Invoker.AsyncUnaryCall(Methods.Unary, null, default, new EchoRequest { FailCode = code, FailMessage = message });

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(new LiveGrpc.Rpc.Status((StatusCode)code, message), ex.Status);
        Assert.Equal("yes", ex.Trailers.GetValue("x-failure"));
        Assert.Equal(ex.Status, call.GetStatus());
    }

    [Fact]
    public async Task A_trailers_only_error_still_delivers_headers_and_trailers()
    {
        using var call = Invoker.AsyncUnaryCall(Methods.Unary, null, default, new EchoRequest { FailCode = (int)StatusCode.NotFound, FailMessage = "no such stream" });

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("yes", call.GetTrailers().GetValue("x-failure"));
    }

    [Fact]
    public async Task An_error_after_streamed_messages_comes_with_the_messages_first()
    {
        using var call = Invoker.AsyncServerStreamingCall(Methods.ServerStream, null, default,
            new EchoRequest { Count = 3, FailCode = (int)StatusCode.Aborted, FailMessage = "stream ended" });
        var received = 0;
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(default))
            {
                received++;
            }
        });

        Assert.Equal(3, received);
        Assert.Equal(new LiveGrpc.Rpc.Status(StatusCode.Aborted, "stream ended"), ex.Status);
    }

    [Fact]
    public async Task Rich_error_details_decode_to_field_violations()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            Invoker.AsyncUnaryCall(Methods.Unary, null, default, new EchoRequest { InvalidFields = { "title", "page_size" } }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var status = ex.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal((int)StatusCode.InvalidArgument, status.Code);
        var badRequest = status.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Equal(["title", "page_size"], badRequest.FieldViolations.Select(v => v.Field));
        Assert.Equal("title is wrong", badRequest.FieldViolations[0].Description);
    }

    [Fact]
    public async Task A_client_stream_the_server_rejects_mid_way_reports_the_servers_status()
    {
        using var call = Invoker.AsyncClientStreamingCall(Methods.ClientStream, null, default);
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "fine" });
        await WriteRacingTheServersEndAsync(call.RequestStream, new EchoRequest { FailCode = (int)StatusCode.FailedPrecondition, FailMessage = "not live" }, StatusCode.FailedPrecondition);

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(new LiveGrpc.Rpc.Status(StatusCode.FailedPrecondition, "not live"), ex.Status);

        // Writing on after the server ended the call reports that status, not a transport error.
        var writeError = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new EchoRequest()));
        Assert.Equal(StatusCode.FailedPrecondition, writeError.StatusCode);
    }

    [Fact]
    public async Task A_duplex_call_the_server_fails_reports_the_status_to_reader_and_writer()
    {
        using var call = Invoker.AsyncDuplexStreamingCall(Methods.Duplex, null, default);
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "ok" });
        Assert.True(await call.ResponseStream.MoveNext(default));
        await WriteRacingTheServersEndAsync(call.RequestStream, new EchoRequest { FailCode = (int)StatusCode.OutOfRange, FailMessage = "too far" }, StatusCode.OutOfRange, duplex: true);

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(default));
        Assert.Equal(new LiveGrpc.Rpc.Status(StatusCode.OutOfRange, "too far"), ex.Status);

        var again = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(default));
        Assert.Equal(StatusCode.OutOfRange, again.StatusCode);
        var write = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new EchoRequest()));
        Assert.Equal(StatusCode.OutOfRange, write.StatusCode);
    }

    [Fact]
    public async Task Reading_past_the_end_of_a_stream_keeps_answering_false()
    {
        using var call = Invoker.AsyncServerStreamingCall(Methods.ServerStream, null, default, new EchoRequest { Count = 1 });
        Assert.True(await call.ResponseStream.MoveNext(default));
        Assert.False(await call.ResponseStream.MoveNext(default));
        Assert.False(await call.ResponseStream.MoveNext(default));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Unknown_method_and_unknown_service_are_unimplemented()
    {
        var unknownMethod = new Method<EchoRequest, EchoResponse>(MethodType.Unary, "livegrpc.rpc.tests.v1.RpcTestService", "Nope", EchoRequest.Parser, EchoResponse.Parser);
        var unknownService = new Method<EchoRequest, EchoResponse>(MethodType.Unary, "livegrpc.rpc.tests.v1.Missing", "Unary", EchoRequest.Parser, EchoResponse.Parser);

        var method = await Assert.ThrowsAsync<RpcException>(() => Invoker.AsyncUnaryCall(unknownMethod, null, default, new EchoRequest()).ResponseAsync);
        var service = await Assert.ThrowsAsync<RpcException>(() => Invoker.AsyncUnaryCall(unknownService, null, default, new EchoRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, method.StatusCode);
        Assert.Equal(StatusCode.Unimplemented, service.StatusCode);
    }

    [Fact]
    public async Task A_response_over_the_clients_limit_is_resource_exhausted()
    {
        using var channel = server.Channel(o => o.MaxReceiveMessageSize = 64 * 1024);

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            channel.CreateCallInvoker().AsyncUnaryCall(Methods.Unary, null, default, new EchoRequest { ResponseBytes = 100_000 }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task A_request_over_the_servers_limit_is_resource_exhausted()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            Invoker.AsyncUnaryCall(Methods.Unary, null, default, new EchoRequest { Payload = ByteString.CopyFrom(new byte[5 * 1024 * 1024]) }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Text_and_binary_metadata_travel_both_ways()
    {
        var binary = new byte[] { 0x00, 0xFF, 0x10, 0x80, 0x7F };
        var headers = new Metadata
        {
            { "x-plain", "value with spaces" },
            { "x-echo-text", "echoed" },
            { "x-echo-raw-bin", binary },
            { "x-single-bin", new byte[] { 0xAB } },
        };
        using var call = Invoker.AsyncUnaryCall(Methods.Unary, null, new CallOptions(headers), new EchoRequest());

        var response = await call;
        var responseHeaders = await call.ResponseHeadersAsync;
        var trailers = call.GetTrailers();

        Assert.Contains("x-plain=value with spaces", response.ReceivedMetadata);
        Assert.Contains($"x-echo-raw-bin={Convert.ToBase64String(binary)}", response.ReceivedMetadata);
        Assert.Contains("x-single-bin=qw==", response.ReceivedMetadata);
        Assert.Equal("echoed", responseHeaders.GetValue("x-echo-text"));
        Assert.Equal(binary, responseHeaders.GetValueBytes("x-echo-raw-bin"));
        Assert.Equal("echoed", trailers.GetValue("x-trailer-text"));
        Assert.Equal(binary, trailers.GetValueBytes("x-trailer-raw-bin"));
    }
}
