namespace LiveGrpc.Rpc.Wire;

/// <summary>Names and values fixed by grpc/doc/PROTOCOL-HTTP2.md and PROTOCOL-WEB.md.</summary>
public static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string WebContentType = "application/grpc-web";
    public const string WebResponseContentType = "application/grpc-web+proto";

    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string StatusDetailsHeader = "grpc-status-details-bin";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";

    /// <summary>Encodings this implementation reads and writes.</summary>
    public const string SupportedEncodings = "identity,gzip";

    /// <summary>Length-prefixed message header: 1 flag byte + 4-byte big-endian length.</summary>
    public const int FrameHeaderSize = 5;

    public const byte CompressedFlag = 0x01;

    /// <summary>gRPC-Web trailers travel as a body frame with the top bit set.</summary>
    public const byte WebTrailersFlag = 0x80;

    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>Headers owned by the protocol; user metadata with these names is not copied to the wire.</summary>
    public static bool IsReservedHeader(string name) =>
        name.StartsWith(':')
        || name is "content-type" or "te" or "host" or "user-agent" or "content-length" or "accept-encoding"
        || (name.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase) && name != StatusDetailsHeader);

    /// <summary>True for application/grpc, application/grpc+proto and the like.</summary>
    public static bool IsGrpcContentType(string? contentType) => HasPrefix(contentType, ContentType);

    /// <summary>Binary gRPC-Web only: "application/grpc-web-text" (base64) does not match and gets 415.</summary>
    public static bool IsGrpcWebContentType(string? contentType) => HasPrefix(contentType, WebContentType);

    private static bool HasPrefix(string? contentType, string prefix)
    {
        if (contentType is null || !contentType.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (contentType.Length == prefix.Length)
        {
            return true;
        }
        var next = contentType[prefix.Length];
        return next is '+' or ';';
    }
}
