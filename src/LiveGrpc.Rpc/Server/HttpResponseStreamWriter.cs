using Google.Protobuf;

namespace LiveGrpc.Rpc.Server;

/// <summary>Writes a server's response stream; each message is flushed as it is written.</summary>
internal sealed class HttpResponseStreamWriter<T>(HttpServerCallContext call) : IServerStreamWriter<T>
    where T : class, IMessage<T>
{
    public Task WriteAsync(T message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return call.WriteStreamedMessageAsync(message);
    }
}
