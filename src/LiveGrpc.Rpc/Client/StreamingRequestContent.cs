using System.Net;

namespace LiveGrpc.Rpc.Client;

/// <summary>
/// A request body written message by message while the call runs: the HTTP handler hands us
/// its request stream, writers push frames into it, and the body ends (END_STREAM) when the
/// writer completes. This is what lets a duplex call interleave requests and responses.
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The handler's request stream, once the request headers have gone out.</summary>
    public Task<Stream> GetStreamAsync(CancellationToken cancellationToken) => _stream.Task.WaitAsync(cancellationToken);

    /// <summary>Ends the request body after the frames already written.</summary>
    public void Complete() => _completed.TrySetResult();

    /// <summary>Stops the body without a clean end, so the handler resets the stream.</summary>
    public void Abort()
    {
        _stream.TrySetCanceled();
        _completed.TrySetCanceled();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // Put the request headers on the wire now, not with the first message: a duplex call whose
        // client waits for the server's headers first must still start. (Current SocketsHttpHandler
        // sends them anyway; older ones held HTTP/2 headers back until the body's first bytes.)
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (!_stream.TrySetResult(stream))
        {
            if (_stream.Task.IsCanceled)
            {
                throw new OperationCanceledException("The call ended before its request body started.");
            }
            // A handler retry would need frames already written to another stream; gRPC calls are not replayed.
            throw new InvalidOperationException("The streaming request body cannot be sent twice.");
        }
        using var registration = cancellationToken.Register(static s => ((StreamingRequestContent)s!).Abort(), this);
        await _completed.Task.ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
