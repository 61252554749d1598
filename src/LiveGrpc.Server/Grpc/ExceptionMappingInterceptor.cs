using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using LiveGrpc.Server.Errors;
using Status = Grpc.Core.Status;

namespace LiveGrpc.Server.Grpc;

/// <summary>
/// Turns domain failures into precise gRPC statuses with the domain's caller-facing message;
/// validation failures also carry google.rpc.BadRequest field violations. Anything unexpected
/// becomes INTERNAL with a generic message — the details go to the log, never to the caller.
/// Registered outside the auth interceptor, so it maps that interceptor's failures too.
/// </summary>
public sealed class ExceptionMappingInterceptor(ILogger<ExceptionMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ShouldMap(ex, context))
        {
            throw Map(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ShouldMap(ex, context))
        {
            throw Map(ex, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ShouldMap(ex, context))
        {
            throw Map(ex, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ShouldMap(ex, context))
        {
            throw Map(ex, context);
        }
    }

    /// <summary>Statuses thrown on purpose, and cancellation by the caller, pass through unchanged.</summary>
    private static bool ShouldMap(Exception ex, ServerCallContext context) =>
        ex is not RpcException && !(ex is OperationCanceledException && context.CancellationToken.IsCancellationRequested);

    private RpcException Map(Exception ex, ServerCallContext context) => ex switch
    {
        ValidationException invalid => Rich(Code.InvalidArgument, ex.Message, new BadRequest
        {
            FieldViolations = { invalid.Violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }) },
        }),
        NotFoundException => new RpcException(new Status(StatusCode.NotFound, ex.Message)),
        PreconditionFailedException => new RpcException(new Status(StatusCode.FailedPrecondition, ex.Message)),
        PermissionDeniedException => new RpcException(new Status(StatusCode.PermissionDenied, ex.Message)),
        AuthenticationRequiredException => new RpcException(new Status(StatusCode.Unauthenticated, ex.Message)),
        RateLimitedException { RetryAfter: { } after } => Rich(Code.ResourceExhausted, ex.Message, new RetryInfo { RetryDelay = Duration.FromTimeSpan(after) }),
        RateLimitedException => new RpcException(new Status(StatusCode.ResourceExhausted, ex.Message)),
        ServiceUnavailableException => new RpcException(new Status(StatusCode.Unavailable, ex.Message)),
        // Another node changed the stream between this call's read and write: gRPC's ABORTED, for the caller to retry.
        Streams.StreamConcurrencyException => new RpcException(new Status(StatusCode.Aborted,
            "The stream was changed by another request at the same moment; read it again and retry.")),
        _ => Internal(ex, context),
    };

    /// <summary>A status with one google.rpc detail, sent in grpc-status-details-bin (Grpc.StatusProto).</summary>
    private static RpcException Rich(Code code, string message, IMessage detail) =>
        new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(detail) } }.ToRpcException();

    private RpcException Internal(Exception ex, ServerCallContext context)
    {
        logger.LogError(ex, "Unhandled error in {Method}", context.Method);
        return new RpcException(new Status(StatusCode.Internal, "The server failed to handle the request; the error has been logged."));
    }
}
