namespace LiveGrpc.Rpc;

/// <summary>
/// Thrown by handlers to end a call with a status, and by the client when a call ends
/// with a status other than OK. Trailers travel with it both ways.
/// </summary>
public class RpcException : Exception
{
    public RpcException(Status status) : this(status, new Metadata()) { }

    public RpcException(Status status, string message) : this(status, new Metadata(), message) { }

    public RpcException(Status status, Metadata trailers) : this(status, trailers, status.ToString()) { }

    public RpcException(Status status, Metadata trailers, string message) : base(message)
    {
        Status = status;
        Trailers = trailers;
    }

    public Status Status { get; }

    public StatusCode StatusCode => Status.StatusCode;

    public Metadata Trailers { get; }
}
