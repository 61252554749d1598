using Google.Protobuf;
using Grpc.Testing;
using LiveGrpc.Rpc;

namespace LiveGrpc.Interop;

/// <summary>
/// grpc.testing.TestService as grpc/doc/interop-test-descriptions.md ("Server") describes it:
/// EmptyCall, UnaryCall, StreamingInputCall, StreamingOutputCall, FullDuplexCall, HalfDuplexCall,
/// Echo Status, Echo Metadata and ResponseParameters.interval_us. UnimplementedCall answers
/// UNIMPLEMENTED, as an implementation that leaves it unimplemented does.
/// </summary>
public sealed class TestServiceImpl
{
    public const string EchoInitialKey = "x-grpc-test-echo-initial";
    public const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";

    public async Task<Empty> EmptyCall(Empty request, ServerCallContext context)
    {
        await EchoMetadataAsync(context).ConfigureAwait(false);
        return new Empty();
    }

    public async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        await EchoMetadataAsync(context).ConfigureAwait(false);
        EnsureEchoStatus(request.ResponseStatus);
        EnsurePayloadType(request.ResponseType);
        var response = new SimpleResponse();
        if (request.ResponseSize > 0)
        {
            response.Payload = CreatePayload(request.ResponseSize);
        }
        return response;
    }

    public async Task<SimpleResponse> CacheableUnaryCall(SimpleRequest request, ServerCallContext context)
    {
        await EchoMetadataAsync(context).ConfigureAwait(false);
        context.GetHttpContext().Response.Headers.CacheControl = "max-age=60";
        return new SimpleResponse
        {
            Payload = new Payload { Body = ByteString.CopyFromUtf8((DateTime.UtcNow.Ticks * 100).ToString(System.Globalization.CultureInfo.InvariantCulture)) },
        };
    }

    public async Task StreamingOutputCall(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context).ConfigureAwait(false);
        EnsureEchoStatus(request.ResponseStatus);
        EnsurePayloadType(request.ResponseType);
        foreach (var parameters in request.ResponseParameters)
        {
            await WriteResponseAsync(parameters, responseStream, context).ConfigureAwait(false);
        }
    }

    public async Task<StreamingInputCallResponse> StreamingInputCall(IAsyncStreamReader<StreamingInputCallRequest> requestStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context).ConfigureAwait(false);
        var total = 0;
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            total += requestStream.Current.Payload?.Body.Length ?? 0;
        }
        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }

    public async Task FullDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requestStream, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context).ConfigureAwait(false);
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            var request = requestStream.Current;
            EnsureEchoStatus(request.ResponseStatus);
            EnsurePayloadType(request.ResponseType);
            foreach (var parameters in request.ResponseParameters)
            {
                await WriteResponseAsync(parameters, responseStream, context).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Buffers every request until the client half-closes, then answers them in order.</summary>
    public async Task HalfDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requestStream, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context).ConfigureAwait(false);
        var requests = new List<StreamingOutputCallRequest>();
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            requests.Add(requestStream.Current);
        }
        foreach (var request in requests)
        {
            EnsureEchoStatus(request.ResponseStatus);
            EnsurePayloadType(request.ResponseType);
            foreach (var parameters in request.ResponseParameters)
            {
                await WriteResponseAsync(parameters, responseStream, context).ConfigureAwait(false);
            }
        }
    }

    public Task<Empty> UnimplementedCall(Empty request, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, "grpc.testing.TestService/UnimplementedCall is not implemented."));

    private static async Task WriteResponseAsync(ResponseParameters parameters, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        if (parameters.IntervalUs > 0)
        {
            await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), context.CancellationToken).ConfigureAwait(false);
        }
        await responseStream.WriteAsync(new StreamingOutputCallResponse { Payload = CreatePayload(parameters.Size) }).ConfigureAwait(false);
    }

    private static Payload CreatePayload(int size)
    {
        if (size < 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Payload size {size} is negative."));
        }
        return new Payload { Type = PayloadType.Compressable, Body = ByteString.CopyFrom(new byte[size]) };
    }

    private static void EnsurePayloadType(PayloadType type)
    {
        if (type != PayloadType.Compressable)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Payload type {type} is not supported."));
        }
    }

    /// <summary>Echo Status: a request carrying response_status ends the call with that status.</summary>
    private static void EnsureEchoStatus(EchoStatus? status)
    {
        if (status is not null && status.Code != 0)
        {
            throw new RpcException(new Status((StatusCode)status.Code, status.Message));
        }
    }

    /// <summary>Echo Metadata: x-grpc-test-echo-initial back as a header, x-grpc-test-echo-trailing-bin as a trailer.</summary>
    private static async Task EchoMetadataAsync(ServerCallContext context)
    {
        var initial = context.RequestHeaders.Get(EchoInitialKey);
        if (initial is not null)
        {
            await context.WriteResponseHeadersAsync(new Metadata { initial }).ConfigureAwait(false);
        }
        var trailing = context.RequestHeaders.Get(EchoTrailingKey);
        if (trailing is not null)
        {
            context.ResponseTrailers.Add(trailing);
        }
    }
}
