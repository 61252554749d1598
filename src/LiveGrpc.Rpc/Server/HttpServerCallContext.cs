using System.Buffers;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using LiveGrpc.Rpc.Wire;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace LiveGrpc.Rpc.Server;

/// <summary>
/// One gRPC call over an ASP.NET Core request: validates the request, reads and writes
/// length-prefixed messages, and ends the call with a status — as HTTP/2 trailers, as a
/// gRPC-Web trailer frame, or trailers-only when nothing was sent yet.
/// </summary>
internal sealed class HttpServerCallContext : ServerCallContext
{
    private readonly HttpContext _http;
    private readonly GrpcServerOptions _options;
    private readonly string _method;
    private readonly ILogger _logger;
    private CancellationTokenSource? _deadlineCts;
    private CancellationTokenSource? _deadlineTimer;
    private DateTime _deadline = DateTime.MaxValue;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private Dictionary<object, object?>? _userState;
    private string? _requestEncoding;
    private bool _isWeb;
    private bool _responseStarted;
    private bool _completed;
    private int _writeInProgress;

    public HttpServerCallContext(HttpContext http, string method, GrpcServerOptions options, ILogger logger)
    {
        _http = http;
        _method = method;
        _options = options;
        _logger = logger;
    }

    public override string Method => _method;

    public override string Host => _http.Request.Host.Value ?? "";

    public override string Peer
    {
        get
        {
            var connection = _http.Connection;
            var ip = connection.RemoteIpAddress;
            if (ip is null)
            {
                return "unknown";
            }
            return ip.AddressFamily == AddressFamily.InterNetworkV6
                ? $"ipv6:[{ip}]:{connection.RemotePort}"
                : $"ipv4:{ip}:{connection.RemotePort}";
        }
    }

    public override DateTime Deadline => _deadline;

    public override Metadata RequestHeaders => _requestHeaders ??= MetadataHeaders.FromRequest(_http.Request.Headers);

    public override CancellationToken CancellationToken => _deadlineCts?.Token ?? _http.RequestAborted;

    public override Metadata ResponseTrailers => _responseTrailers ??= new Metadata();

    public override Status Status { get; set; } = Status.DefaultSuccess;

    public override IDictionary<object, object?> UserState => _userState ??= [];

    public int MaxReceiveMessageSize => _options.MaxReceiveMessageSize;

    public string? RequestEncoding => _requestEncoding;

    // The deadline timer itself fired. Not a wall-clock comparison: the timer runs on a coarse
    // monotonic clock and can fire a few milliseconds before DateTime.UtcNow reaches _deadline.
    private bool DeadlinePassed => _deadlineTimer is { IsCancellationRequested: true };

    public override HttpContext GetHttpContext() => _http;

    private string ResponseContentType => _isWeb ? GrpcProtocol.WebResponseContentType : GrpcProtocol.ContentType;

    /// <summary>
    /// Checks method, content-type, HTTP version, encoding and deadline. On failure the error
    /// response is already written and the handler must not run.
    /// </summary>
    public bool TryStart()
    {
        var request = _http.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            _http.Response.Headers.Allow = "POST";
            WriteEarlyError(StatusCodes.Status405MethodNotAllowed, new Status(StatusCode.Unimplemented, $"gRPC requires POST; got {request.Method}."));
            return false;
        }

        var contentType = request.ContentType;
        if (GrpcProtocol.IsGrpcContentType(contentType))
        {
            if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
            {
                WriteEarlyError(StatusCodes.Status426UpgradeRequired, new Status(StatusCode.Internal, $"gRPC requires HTTP/2; the request used {request.Protocol}. Use gRPC-Web over HTTP/1.1."));
                return false;
            }
        }
        else if (GrpcProtocol.IsGrpcWebContentType(contentType))
        {
            _isWeb = true;
        }
        else
        {
            WriteEarlyError(StatusCodes.Status415UnsupportedMediaType, new Status(StatusCode.Internal, $"Content-Type \"{contentType}\" is not supported; use application/grpc or application/grpc-web."));
            return false;
        }

        var encoding = request.Headers[GrpcProtocol.EncodingHeader].ToString();
        if (encoding.Length > 0 && encoding != "identity")
        {
            if (encoding != "gzip")
            {
                _http.Response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.SupportedEncodings;
                WriteEarlyError(StatusCodes.Status200OK, new Status(StatusCode.Unimplemented, $"Unsupported grpc-encoding \"{encoding}\"; this server accepts {GrpcProtocol.SupportedEncodings}."));
                return false;
            }
            _requestEncoding = encoding;
        }

        var timeoutHeader = request.Headers[GrpcProtocol.TimeoutHeader];
        if (!StringValues.IsNullOrEmpty(timeoutHeader))
        {
            if (!GrpcTimeout.TryParse(timeoutHeader.ToString(), out var timeout))
            {
                WriteEarlyError(StatusCodes.Status200OK, new Status(StatusCode.Internal, $"Malformed grpc-timeout \"{timeoutHeader}\": expected up to 8 digits and a unit (H, M, S, m, u, n)."));
                return false;
            }
            _deadline = timeout >= DateTime.MaxValue - DateTime.UtcNow ? DateTime.MaxValue : DateTime.UtcNow + timeout;
            _deadlineTimer = new CancellationTokenSource();
            _deadlineCts = CancellationTokenSource.CreateLinkedTokenSource(_http.RequestAborted, _deadlineTimer.Token);
            _deadlineTimer.CancelAfter(timeout > TimeSpan.FromDays(49) ? Timeout.InfiniteTimeSpan : timeout);
        }
        return true;
    }

    public async ValueTask<T> ReadSingleMessageAsync<T>(MessageParser<T> parser) where T : IMessage<T>
    {
        var reader = _http.Request.BodyReader;
        var message = await MessageFraming.ReadMessageAsync(reader, parser, MaxReceiveMessageSize, _requestEncoding, CancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.Internal, "The request ended without a message; a unary call needs exactly one."));
        var extra = await MessageFraming.ReadMessageAsync(reader, parser, MaxReceiveMessageSize, _requestEncoding, CancellationToken).ConfigureAwait(false);
        if (extra is not null)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "The request carried more than one message; this method takes exactly one."));
        }
        return message;
    }

    public override Task WriteResponseHeadersAsync(Metadata responseHeaders)
    {
        if (_responseStarted)
        {
            throw new InvalidOperationException("Response headers have already been sent.");
        }
        StartResponse(responseHeaders);
        return _http.Response.BodyWriter.FlushAsync(CancellationToken).AsTask();
    }

    /// <summary>Buffers one message; the caller decides when to flush.</summary>
    public void WriteMessage(IMessage message)
    {
        if (_completed)
        {
            throw new InvalidOperationException("Can't write a message: the call has already completed.");
        }
        if (!_responseStarted)
        {
            StartResponse(null);
        }
        MessageFraming.WriteMessage(_http.Response.BodyWriter, message, _options.MaxSendMessageSize);
    }

    public async Task WriteStreamedMessageAsync(IMessage message)
    {
        if (Interlocked.Exchange(ref _writeInProgress, 1) == 1)
        {
            throw new InvalidOperationException("Can't write a message while the previous write is still in progress.");
        }
        try
        {
            CancellationToken.ThrowIfCancellationRequested();
            WriteMessage(message);
            await _http.Response.BodyWriter.FlushAsync(CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _writeInProgress, 0);
        }
    }

    /// <summary>Ends the call with the handler's outcome: null for a normal return.</summary>
    public async Task CompleteAsync(Exception? error)
    {
        var status = Status;
        if (error is not null)
        {
            status = StatusFromException(error);
        }
        if (DeadlinePassed)
        {
            status = new Status(StatusCode.DeadlineExceeded, "Deadline exceeded.");
        }
        if (_http.RequestAborted.IsCancellationRequested)
        {
            // The client reset the stream; nothing more can reach it.
            _completed = true;
            return;
        }
        try
        {
            if (!_responseStarted && status.StatusCode != StatusCode.OK)
            {
                WriteTrailersOnly(status);
            }
            else
            {
                if (!_responseStarted)
                {
                    StartResponse(null);
                }
                if (_isWeb)
                {
                    WriteWebTrailerFrame(status);
                    await _http.Response.BodyWriter.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    AppendTrailers(status);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ConnectionAbortedException or OperationCanceledException)
        {
            _logger.LogDebug(ex, "Could not send the status of {Method}: the connection closed.", _method);
        }
        finally
        {
            _completed = true;
        }
    }

    public void Dispose()
    {
        _deadlineCts?.Dispose();
        _deadlineTimer?.Dispose();
    }

    private Status StatusFromException(Exception error)
    {
        switch (error)
        {
            case RpcException rpc:
                foreach (var entry in rpc.Trailers)
                {
                    ResponseTrailers.Add(entry);
                }
                return rpc.Status;
            case OperationCanceledException or IOException or ConnectionAbortedException when DeadlinePassed:
                return new Status(StatusCode.DeadlineExceeded, "Deadline exceeded.");
            case OperationCanceledException or IOException or ConnectionAbortedException when _http.RequestAborted.IsCancellationRequested:
                return new Status(StatusCode.Cancelled, "The call was cancelled by the client.");
            default:
                _logger.LogError(error, "Unhandled exception in {Method}.", _method);
                return new Status(StatusCode.Unknown, _options.EnableDetailedErrors
                    ? $"Exception was thrown by handler. {error.GetType().Name}: {error.Message}"
                    : "Exception was thrown by handler.");
        }
    }

    private void StartResponse(Metadata? headers)
    {
        _responseStarted = true;
        var response = _http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ResponseContentType;
        response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.SupportedEncodings;
        if (headers is not null)
        {
            MetadataHeaders.CopyTo(headers, response.Headers);
        }
    }

    private void WriteEarlyError(int httpStatus, Status status)
    {
        WriteTrailersOnly(status, httpStatus);
        _completed = true;
    }

    private void WriteTrailersOnly(Status status, int httpStatus = StatusCodes.Status200OK)
    {
        // Headers with END_STREAM and no body: the status travels in the only header block.
        var response = _http.Response;
        response.StatusCode = httpStatus;
        response.ContentType = ResponseContentType;
        response.Headers[GrpcProtocol.StatusHeader] = StatusCodeText(status.StatusCode);
        if (status.Detail.Length > 0)
        {
            response.Headers[GrpcProtocol.MessageHeader] = PercentEncoding.Encode(status.Detail);
        }
        if (_responseTrailers is not null)
        {
            MetadataHeaders.CopyTo(_responseTrailers, response.Headers);
        }
    }

    private void AppendTrailers(Status status)
    {
        var response = _http.Response;
        response.AppendTrailer(GrpcProtocol.StatusHeader, StatusCodeText(status.StatusCode));
        if (status.Detail.Length > 0)
        {
            response.AppendTrailer(GrpcProtocol.MessageHeader, PercentEncoding.Encode(status.Detail));
        }
        if (_responseTrailers is { Count: > 0 })
        {
            foreach (var entry in _responseTrailers)
            {
                if (!GrpcProtocol.IsReservedHeader(entry.Key))
                {
                    response.AppendTrailer(entry.Key, MetadataHeaders.ToHeaderValue(entry));
                }
            }
        }
    }

    private void WriteWebTrailerFrame(Status status)
    {
        var text = new StringBuilder();
        text.Append("grpc-status:").Append(StatusCodeText(status.StatusCode)).Append("\r\n");
        if (status.Detail.Length > 0)
        {
            text.Append("grpc-message:").Append(PercentEncoding.Encode(status.Detail)).Append("\r\n");
        }
        if (_responseTrailers is not null)
        {
            foreach (var entry in _responseTrailers)
            {
                if (!GrpcProtocol.IsReservedHeader(entry.Key))
                {
                    text.Append(entry.Key).Append(':').Append(MetadataHeaders.ToHeaderValue(entry)).Append("\r\n");
                }
            }
        }
        MessageFraming.WriteFrame(_http.Response.BodyWriter, GrpcProtocol.WebTrailersFlag, Encoding.ASCII.GetBytes(text.ToString()));
    }

    private static readonly string[] StatusCodeTexts = Enumerable.Range(0, 17).Select(i => i.ToString()).ToArray();

    private static string StatusCodeText(StatusCode code) =>
        (int)code is >= 0 and < 17 ? StatusCodeTexts[(int)code] : ((int)code).ToString();
}
