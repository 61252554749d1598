using Google.Protobuf;

namespace LiveGrpc.Rpc.Client;

/// <summary>
/// The request stream of a client-streaming or duplex call. Each message is framed and
/// flushed as it is written, so the server sees it at once. One write at a time, as in Grpc.Core.
/// </summary>
internal sealed class ClientStreamWriter<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call, StreamingRequestContent content)
    : IClientStreamWriter<TRequest>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly Lock _lock = new();
    private bool _writing;
    private bool _completed;

    public async Task WriteAsync(TRequest message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_lock)
        {
            if (_completed)
            {
                throw new InvalidOperationException("Request stream has already been completed.");
            }
            if (_writing)
            {
                throw new InvalidOperationException("Can't write the message because the previous write is in progress.");
            }
            _writing = true;
        }
        try
        {
            if (call.CompletedCallException() is { } ended)
            {
                throw ended;
            }
            ReadOnlyMemory<byte> frame;
            try
            {
                frame = call.Frame(message);
            }
            catch (RpcException ex)
            {
                // Too large to send: the call cannot continue with a message missing from the stream.
                throw call.Fail(ex);
            }
            try
            {
                var stream = await content.GetStreamAsync(call.AbortToken).ConfigureAwait(false);
                await stream.WriteAsync(frame, call.AbortToken).ConfigureAwait(false);
                await stream.FlushAsync(call.AbortToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                throw await WriteFailedAsync(ex).ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_lock)
            {
                _writing = false;
            }
        }
    }

    public Task CompleteAsync()
    {
        lock (_lock)
        {
            if (_writing)
            {
                throw new InvalidOperationException("Can't complete the request stream while a write is in progress.");
            }
            _completed = true;
        }
        content.Complete();
        return Task.CompletedTask;
    }

    /// <summary>
    /// A failed write usually means the call already ended (the server answered early, or it
    /// was cancelled); report that call's status rather than a transport exception.
    /// </summary>
    private async Task<Exception> WriteFailedAsync(Exception error)
    {
        if (call.CompletedCallException() is { } ended)
        {
            return ended;
        }
        if (call.ResponseIsUnary)
        {
            // The response is being read in the background and will settle the status.
            await call.Finished.ConfigureAwait(false);
            return call.CompletedCallException()!;
        }
        // Duplex: the server's status sits behind response messages the caller has not read yet, so
        // (as in grpc-go) the write only reports that the request stream is gone and the response
        // stream reports the call's status.
        return new RpcException(new Status(StatusCode.Unavailable,
            $"The request stream is closed; read the response stream for the call's status. {error.GetType().Name}: {error.Message}"));
    }
}
