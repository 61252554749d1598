namespace LiveGrpc.Rpc.Client;

/// <summary>
/// Status codes for calls that end without a grpc-status: from the HTTP status
/// (grpc/doc/http-grpc-status-mapping.md) or the HTTP/2 RST_STREAM / GOAWAY error code
/// (grpc/doc/PROTOCOL-HTTP2.md, "Errors").
/// </summary>
internal static class StatusMapping
{
    public static StatusCode FromHttpStatus(int httpStatus) => httpStatus switch
    {
        400 => StatusCode.Internal,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.Unimplemented,
        429 or 502 or 503 or 504 => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    public static StatusCode FromHttp2ErrorCode(long errorCode) => errorCode switch
    {
        0x7 => StatusCode.Unavailable,        // REFUSED_STREAM: the server did not process it; safe to retry.
        0x8 => StatusCode.Cancelled,          // CANCEL
        0xB => StatusCode.ResourceExhausted,  // ENHANCE_YOUR_CALM
        0xC => StatusCode.PermissionDenied,   // INADEQUATE_SECURITY
        _ => StatusCode.Internal,             // NO_ERROR before trailers, PROTOCOL_ERROR, INTERNAL_ERROR, ...
    };
}
