using Google.Protobuf;
using LiveGrpc.Rpc.Wire;

namespace LiveGrpc.Rpc.Server;

/// <summary>Reads a client's request stream, one length-prefixed message at a time.</summary>
internal sealed class HttpRequestStreamReader<T>(HttpServerCallContext call, MessageParser<T> parser) : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private T? _current;
    private bool _finished;

    public T Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true yet.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (_finished)
        {
            return false;
        }
        using var linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.CancellationToken)
            : null;
        var message = await MessageFraming.ReadMessageAsync(
            call.GetHttpContext().Request.BodyReader, parser, call.MaxReceiveMessageSize, call.RequestEncoding,
            linked?.Token ?? call.CancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            _finished = true;
            _current = null;
            return false;
        }
        _current = message;
        return true;
    }
}
