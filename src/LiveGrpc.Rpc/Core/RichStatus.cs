using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using LiveGrpc.Rpc.Wire;

namespace LiveGrpc.Rpc;

/// <summary>
/// Builds <see cref="RpcException"/>s that carry a google.rpc.Status in the
/// grpc-status-details-bin trailer (the "richer error model"), so clients can read
/// machine-readable details such as per-field violations. Mirrors Grpc.StatusProto's ToRpcException.
/// </summary>
public static class RichStatus
{
    /// <summary>INVALID_ARGUMENT with a google.rpc.BadRequest listing each field and what is wrong with it.</summary>
    public static RpcException InvalidArgument(string message, params (string Field, string Description)[] violations)
    {
        var badRequest = new Google.Rpc.BadRequest();
        foreach (var (field, description) in violations)
        {
            badRequest.FieldViolations.Add(new Google.Rpc.BadRequest.Types.FieldViolation { Field = field, Description = description });
        }
        return Create(StatusCode.InvalidArgument, message, badRequest);
    }

    /// <summary>A status with any google.rpc detail messages (ErrorInfo, RetryInfo, BadRequest, ...).</summary>
    public static RpcException Create(StatusCode code, string message, params IMessage[] details)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        foreach (var detail in details)
        {
            status.Details.Add(Any.Pack(detail));
        }
        return ToRpcException(status);
    }

    /// <summary>The exception for <paramref name="status"/>; its code and message also become grpc-status and grpc-message.</summary>
    public static RpcException ToRpcException(this Google.Rpc.Status status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var trailers = new Metadata { { GrpcProtocol.StatusDetailsHeader, status.ToByteArray() } };
        return new RpcException(new Status((StatusCode)status.Code, status.Message), trailers);
    }
}
