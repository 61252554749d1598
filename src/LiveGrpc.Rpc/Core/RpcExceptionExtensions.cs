using Google.Protobuf;
using LiveGrpc.Rpc.Wire;

namespace LiveGrpc.Rpc;

/// <summary>Reads the richer error model back out of an <see cref="RpcException"/>. Mirrors Grpc.StatusProto.</summary>
public static class RpcExceptionExtensions
{
    /// <summary>The google.rpc.Status from the grpc-status-details-bin trailer, or null if there is none or it does not parse.</summary>
    public static Google.Rpc.Status? GetRpcStatus(this RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var bytes = exception.Trailers.GetValueBytes(GrpcProtocol.StatusDetailsHeader);
        if (bytes is null)
        {
            return null;
        }
        try
        {
            return Google.Rpc.Status.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            // Details are an optional extra; a garbled trailer must not hide the status itself.
            return null;
        }
    }

    /// <summary>The first detail of type <typeparamref name="T"/> (e.g. Google.Rpc.BadRequest), or null.</summary>
    public static T? GetDetail<T>(this Google.Rpc.Status status)
        where T : class, IMessage<T>, new()
    {
        ArgumentNullException.ThrowIfNull(status);
        var descriptor = new T().Descriptor;
        foreach (var any in status.Details)
        {
            if (any.Is(descriptor))
            {
                return any.Unpack<T>();
            }
        }
        return null;
    }
}
