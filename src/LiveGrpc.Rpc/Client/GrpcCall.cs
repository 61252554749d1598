using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using LiveGrpc.Rpc.Wire;

namespace LiveGrpc.Rpc.Client;

/// <summary>
/// One call over one HTTP request: sends the request, reads headers, frames and trailers,
/// and settles the final status exactly once — whichever comes first of the server's status,
/// a local deadline, a cancellation, or a transport or protocol failure.
/// </summary>
internal sealed class GrpcCall<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private const string UserAgent = "grpc-csharp-livegrpc/1.0";

    private static readonly MediaTypeHeaderValue GrpcMediaType = new(GrpcProtocol.ContentType);
    private static readonly MediaTypeHeaderValue GrpcWebMediaType = new(GrpcProtocol.WebContentType);

    private readonly RpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly Lock _lock = new();

    // Cancelled whenever the call ends with a status other than OK: it aborts the HTTP request,
    // which resets the HTTP/2 stream so the server's handler sees the cancellation.
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource<Metadata> _responseHeaders = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CancellationTokenRegistration _userCancellation;
    private Timer? _deadlineTimer;
    private Task<bool> _headersReceived = Task.FromResult(false);
    private HttpResponseMessage? _response;
    private PipeReader? _body;
    private string? _responseEncoding;
    private List<KeyValuePair<string, IEnumerable<string>>>? _webTrailers;
    private Status? _status;
    private Metadata? _trailers;

    public GrpcCall(RpcChannel channel, Method<TRequest, TResponse> method, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _options = options;
        // Nobody may await the headers (e.g. a unary call's caller awaits only the response);
        // observe a failure here so it is not reported as an unobserved task exception.
        _responseHeaders.Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public Task<Metadata> ResponseHeadersAsync => _responseHeaders.Task;

    public StreamingRequestContent? RequestContent { get; private set; }

    /// <summary>The call's final status is settled.</summary>
    public Task Finished => _finished.Task;

    internal CancellationToken AbortToken => _abort.Token;

    public bool ResponseIsUnary => _method.Type is MethodType.Unary or MethodType.ClientStreaming;

    /// <summary>Starts the call: with <paramref name="request"/> as the whole body, or (null) with a streaming body.</summary>
    public void Start(TRequest? request)
    {
        ObjectDisposedException.ThrowIf(_channel.IsDisposed, _channel);
        HttpContent content;
        if (request is null)
        {
            content = RequestContent = new StreamingRequestContent();
        }
        else
        {
            ReadOnlyMemory<byte> frame;
            try
            {
                frame = Frame(request);
            }
            catch (RpcException ex)
            {
                Finish(ex.Status, ex.Trailers);
                return;
            }
            content = new ReadOnlyMemoryContent(frame);
        }
        content.Headers.ContentType = _channel.Options.GrpcWeb ? GrpcWebMediaType : GrpcMediaType;

        TimeSpan? timeout = null;
        if (_options.Deadline is { } deadline && deadline != DateTime.MaxValue)
        {
            // Unspecified is taken as UTC, as Grpc.Core does.
            var utc = deadline.Kind == DateTimeKind.Local ? deadline.ToUniversalTime() : deadline;
            timeout = utc - DateTime.UtcNow;
            if (timeout <= TimeSpan.Zero)
            {
                content.Dispose();
                Finish(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), new Metadata());
                return;
            }
            // Beyond what a Timer can wait (~49 days) the server's grpc-timeout alone enforces it.
            if (timeout.Value.TotalMilliseconds < uint.MaxValue - 1)
            {
                _deadlineTimer = new Timer(static s => ((GrpcCall<TRequest, TResponse>)s!).Cancel(StatusCode.DeadlineExceeded, "Deadline Exceeded"),
                    this, timeout.Value, Timeout.InfiniteTimeSpan);
            }
        }
        if (_options.CancellationToken.CanBeCanceled)
        {
            _userCancellation = _options.CancellationToken.Register(
                static s => ((GrpcCall<TRequest, TResponse>)s!).Cancel(StatusCode.Cancelled, "Call canceled by the client."), this);
        }
        if (_status is not null)
        {
            // Ended while starting (a token already cancelled, a timer that fired at once): Finish
            // may have run before the timer or registration was stored, so release them here.
            _deadlineTimer?.Dispose();
            _userCancellation.Dispose();
            content.Dispose();
            return;
        }
        _headersReceived = ReceiveHeadersAsync(BuildRequest(content, timeout));
    }

    /// <summary>Ends the call now with <paramref name="code"/> unless it already ended.</summary>
    public void Cancel(StatusCode code, string detail) => Finish(new Status(code, detail), new Metadata());

    public Status GetStatus()
    {
        lock (_lock)
        {
            return _status ?? throw new InvalidOperationException("Unable to get the status because the call is not complete.");
        }
    }

    public Metadata GetTrailers()
    {
        lock (_lock)
        {
            return _trailers ?? throw new InvalidOperationException("Unable to get the trailers because the call is not complete.");
        }
    }

    public void Dispose()
    {
        Cancel(StatusCode.Cancelled, "gRPC call disposed.");
        _response?.Dispose();
    }

    /// <summary>The next response message of a streaming response, or null once the call ended OK.</summary>
    public async Task<TResponse?> ReadStreamingMessageAsync(CancellationToken cancellationToken)
    {
        // Cancelling one read cancels the call: a partly read frame cannot be resumed.
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static s => ((GrpcCall<TRequest, TResponse>)s!).Cancel(StatusCode.Cancelled, "Call canceled by the client."), this)
            : default;
        try
        {
            // Once the call has ended (the stream was read to its end, or it was cancelled) the body
            // is gone; answer from the final status.
            if (!_finished.Task.IsCompleted && await _headersReceived.ConfigureAwait(false))
            {
                var message = await ReadFrameAsync().ConfigureAwait(false);
                if (message is not null)
                {
                    return message;
                }
                var (status, trailers) = ReadFinalStatus();
                Finish(status, trailers);
            }
        }
        catch (Exception ex)
        {
            throw Fail(ex);
        }
        return EndOfStream();
    }

    /// <summary>The single response message of a unary or client-streaming call.</summary>
    public async Task<TResponse> ReadUnaryResponseAsync()
    {
        try
        {
            if (await _headersReceived.ConfigureAwait(false))
            {
                var message = await ReadFrameAsync().ConfigureAwait(false);
                if (message is null)
                {
                    var (status, trailers) = ReadFinalStatus();
                    Finish(status.StatusCode == StatusCode.OK
                        ? new Status(StatusCode.Internal, "Failed to deserialize response message: the server ended the call OK without a message.")
                        : status, trailers);
                }
                else if (await ReadFrameAsync().ConfigureAwait(false) is not null)
                {
                    Finish(new Status(StatusCode.Internal, "The server sent more than one message for a call with one response."), new Metadata());
                }
                else
                {
                    var (status, trailers) = ReadFinalStatus();
                    Finish(status, trailers);
                    if (status.StatusCode == StatusCode.OK)
                    {
                        return message;
                    }
                }
            }
        }
        catch (Exception ex)
        {
            throw Fail(ex);
        }
        throw Fail(new InvalidOperationException("The call ended without a response."));
    }

    /// <summary>Frames one request message (compressed if configured), enforcing MaxSendMessageSize.</summary>
    public ReadOnlyMemory<byte> Frame(TRequest message)
    {
        var writer = new ArrayBufferWriter<byte>(GrpcProtocol.FrameHeaderSize + 256);
        if (_channel.Options.CompressRequests)
        {
            MessageFraming.WriteCompressedMessage(writer, message, _channel.Options.MaxSendMessageSize);
        }
        else
        {
            MessageFraming.WriteMessage(writer, message, _channel.Options.MaxSendMessageSize);
        }
        return writer.WrittenMemory;
    }

    /// <summary>
    /// Settles the call with the status behind <paramref name="error"/> (unless it already
    /// ended) and returns the exception that reports the final status to the caller.
    /// </summary>
    public Exception Fail(Exception error) => Fail(error, starting: false);

    private Exception Fail(Exception error, bool starting)
    {
        if (error is RpcException rpc)
        {
            Finish(rpc.Status, rpc.Trailers);
        }
        else
        {
            Finish(StatusFromException(error, starting), new Metadata());
        }
        var (status, trailers) = FinalStatus();
        return status.StatusCode == StatusCode.OK
            ? new InvalidOperationException("The call is already complete.")
            : new RpcException(status, trailers);
    }

    /// <summary>The exception a request-stream write gets once the call is over.</summary>
    public Exception? CompletedCallException()
    {
        lock (_lock)
        {
            if (_status is not { } status)
            {
                return null;
            }
            return status.StatusCode == StatusCode.OK
                ? new InvalidOperationException("Can't write the message because the call is complete.")
                : new RpcException(status, _trailers!);
        }
    }

    private TResponse? EndOfStream()
    {
        var (status, trailers) = FinalStatus();
        return status.StatusCode == StatusCode.OK ? null : throw new RpcException(status, trailers);
    }

    private (Status Status, Metadata Trailers) FinalStatus()
    {
        lock (_lock)
        {
            return (_status!.Value, _trailers!);
        }
    }

    private HttpRequestMessage BuildRequest(HttpContent content, TimeSpan? timeout)
    {
        var web = _channel.Options.GrpcWeb;
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_channel.Address, _method.FullName))
        {
            Content = content,
            Version = web ? HttpVersion.Version11 : HttpVersion.Version20,
            // Exact: over http:// this is HTTP/2 with prior knowledge (h2c); over https:// ALPN must pick h2.
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var headers = request.Headers;
        HeaderMetadata.AddToRequest(_options.Headers, headers);
        if (web)
        {
            headers.TryAddWithoutValidation("x-grpc-web", "1");
        }
        else
        {
            // Tells proxies that we understand trailers, which carry the status (PROTOCOL-HTTP2.md).
            headers.TryAddWithoutValidation("te", "trailers");
        }
        headers.TryAddWithoutValidation("user-agent", UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.SupportedEncodings);
        if (_channel.Options.CompressRequests)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, "gzip");
        }
        if (timeout is { } t)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(t));
        }
        return request;
    }

    /// <summary>True when a response body with messages follows; false when the call already ended.</summary>
    private async Task<bool> ReceiveHeadersAsync(HttpRequestMessage request)
    {
        try
        {
            var response = await _channel.Invoker.SendAsync(request, _abort.Token).ConfigureAwait(false);
            lock (_lock)
            {
                if (_status is not null)
                {
                    response.Dispose();
                    return false;
                }
                _response = response;
            }

            // An explicit grpc-status in the headers wins over anything else: a trailers-only
            // response (an error before any message, or an empty stream).
            if (HeaderMetadata.TryGetStatus(response.Headers, out var status))
            {
                var metadata = HeaderMetadata.ToMetadata(response.Headers);
                _responseHeaders.TrySetResult(metadata);
                if (status.StatusCode == StatusCode.OK && ResponseIsUnary)
                {
                    status = new Status(StatusCode.Internal, "Failed to deserialize response message: the server ended the call OK without a message.");
                }
                Finish(status, metadata);
                return false;
            }
            var httpStatus = (int)response.StatusCode;
            if (httpStatus != 200)
            {
                Finish(new Status(StatusMapping.FromHttpStatus(httpStatus), $"Bad gRPC response. HTTP status code: {httpStatus}."), new Metadata());
                return false;
            }
            var contentType = response.Content.Headers.TryGetValues("Content-Type", out var values) ? values.FirstOrDefault() : null;
            var expected = _channel.Options.GrpcWeb
                ? GrpcProtocol.IsGrpcWebContentType(contentType)
                : GrpcProtocol.IsGrpcContentType(contentType);
            if (!expected)
            {
                // A 200 that is not gRPC (e.g. a web page or a proxy's answer): the status mapping's "other" case.
                Finish(new Status(StatusCode.Unknown, $"Bad gRPC response. Invalid content-type value: {contentType ?? "(none)"}."), new Metadata());
                return false;
            }
            _responseEncoding = response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var encodings) ? encodings.FirstOrDefault() : null;
            var stream = await response.Content.ReadAsStreamAsync(_abort.Token).ConfigureAwait(false);
            _body = PipeReader.Create(stream);
            _responseHeaders.TrySetResult(HeaderMetadata.ToMetadata(response.Headers));
            return true;
        }
        catch (Exception ex)
        {
            Fail(ex, starting: _response is null);
            return false;
        }
    }

    /// <summary>The next message, or null at the end of the messages (end of body, or a gRPC-Web trailer frame).</summary>
    private async Task<TResponse?> ReadFrameAsync()
    {
        var body = _body!;
        var maxSize = _channel.Options.MaxReceiveMessageSize ?? int.MaxValue;
        if (_webTrailers is not null)
        {
            return null;
        }
        while (true)
        {
            var result = await body.ReadAsync(_abort.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (MessageFraming.TryReadFrame(ref buffer, maxSize, out var payload, out var flags))
            {
                if (_channel.Options.GrpcWeb && (flags & GrpcProtocol.WebTrailersFlag) != 0)
                {
                    _webTrailers = HeaderMetadata.ParseWebTrailers(payload.ToArray());
                    body.AdvanceTo(buffer.Start);
                    return null;
                }
                var message = MessageFraming.ParsePayload(payload, flags, _method.ResponseParser, maxSize, _responseEncoding);
                body.AdvanceTo(buffer.Start);
                return message;
            }
            if (result.IsCompleted)
            {
                if (!buffer.IsEmpty)
                {
                    throw new RpcException(new Status(StatusCode.Internal, "Incomplete message: the response ended inside a length-prefixed frame."));
                }
                body.AdvanceTo(buffer.End);
                return null;
            }
            body.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>The status and trailers after the last message: HTTP/2 trailers, or the gRPC-Web trailer frame.</summary>
    private (Status, Metadata) ReadFinalStatus()
    {
        IEnumerable<KeyValuePair<string, IEnumerable<string>>> fields = _webTrailers ?? (IEnumerable<KeyValuePair<string, IEnumerable<string>>>)_response!.TrailingHeaders;
        var trailers = HeaderMetadata.ToMetadata(fields);
        if (HeaderMetadata.TryGetStatus(fields, out var status))
        {
            return (status, trailers);
        }
        return (new Status(StatusCode.Internal, "Bad gRPC response. No grpc-status found on response."), trailers);
    }

    /// <summary>Settles the call once; later outcomes (a deadline after the status arrived, say) are ignored.</summary>
    private void Finish(Status status, Metadata trailers)
    {
        lock (_lock)
        {
            if (_status is not null)
            {
                return;
            }
            _status = status;
            _trailers = trailers;
        }
        if (status.StatusCode != StatusCode.OK)
        {
            _responseHeaders.TrySetException(new RpcException(status, trailers));
            _abort.Cancel();
        }
        else
        {
            _responseHeaders.TrySetResult(new Metadata());
        }
        // After an OK end the body has been read to its end; otherwise this resets the HTTP/2 stream.
        _response?.Dispose();
        // The server may end the call before the client ends its request stream.
        RequestContent?.Abort();
        _deadlineTimer?.Dispose();
        _userCancellation.Dispose();
        _finished.TrySetResult();
    }

    private static Status StatusFromException(Exception ex, bool starting = false)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpProtocolException protocol)
            {
                var code = StatusMapping.FromHttp2ErrorCode(protocol.ErrorCode);
                // Before any response the failure is usually the connection's (e.g. a server that does
                // not speak HTTP/2 on that port): the call never reached a handler, so UNAVAILABLE.
                if (starting && code == StatusCode.Internal)
                {
                    code = StatusCode.Unavailable;
                }
                return new Status(code, $"Error in the HTTP/2 {(starting ? "connection" : "stream")}: {protocol.Message}");
            }
        }
        return ex switch
        {
            OperationCanceledException => new Status(StatusCode.Cancelled, "Call canceled."),
            HttpRequestException http => new Status(StatusCode.Unavailable, $"Error starting gRPC call. {http.GetType().Name}: {http.Message}"),
            IOException io => new Status(StatusCode.Unavailable, $"Error reading the response. {io.GetType().Name}: {io.Message}"),
            ObjectDisposedException => new Status(StatusCode.Cancelled, "Call canceled: its resources were disposed."),
            _ => new Status(StatusCode.Internal, $"Error in the gRPC call. {ex.GetType().Name}: {ex.Message}"),
        };
    }
}
