namespace LiveGrpc.Server.Hosting;

/// <summary>Configuration section "Grpc".</summary>
public sealed class GrpcTransportOptions
{
    public const string SectionName = "Grpc";

    /// <summary>
    /// Gzip-compress responses for clients that list gzip in grpc-accept-encoding. Off by default:
    /// Grpc.AspNetCore 2.85 sends an empty response message (e.g. DeleteStreamResponse) as a
    /// compressed frame of zero bytes, which @grpc/grpc-js 1.14 fails with INTERNAL ("Failed to
    /// decompress gzip-encoded message"), and LiveGrpc's messages are small. Requests compressed
    /// with gzip are always accepted.
    /// </summary>
    public bool CompressResponses { get; set; }
}
