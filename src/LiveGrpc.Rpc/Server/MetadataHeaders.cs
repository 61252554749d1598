using LiveGrpc.Rpc.Wire;
using Microsoft.AspNetCore.Http;

namespace LiveGrpc.Rpc.Server;

/// <summary>Converts between gRPC metadata and HTTP headers ("-bin" values are base64).</summary>
internal static class MetadataHeaders
{
    public static Metadata FromRequest(IHeaderDictionary headers)
    {
        var metadata = new Metadata();
        foreach (var (name, values) in headers)
        {
            if (name.StartsWith(':') || name is "content-type" or "te" or "content-length"
                || name is GrpcProtocol.TimeoutHeader or GrpcProtocol.EncodingHeader or GrpcProtocol.AcceptEncodingHeader)
            {
                continue;
            }
            var key = name.ToLowerInvariant();
            var isBinary = key.EndsWith(Metadata.BinaryHeaderSuffix, StringComparison.Ordinal);
            foreach (var value in values)
            {
                if (value is null)
                {
                    continue;
                }
                if (isBinary)
                {
                    // A repeated binary header may arrive comma-joined.
                    foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    {
                        metadata.Add(key, Base64.Decode(part));
                    }
                }
                else
                {
                    try
                    {
                        metadata.Add(key, value);
                    }
                    catch (ArgumentException)
                    {
                        // Not valid gRPC metadata (e.g. an HTTP header with other characters); not the caller's metadata.
                    }
                }
            }
        }
        return metadata;
    }

    public static void CopyTo(Metadata metadata, IHeaderDictionary headers)
    {
        foreach (var entry in metadata)
        {
            if (!GrpcProtocol.IsReservedHeader(entry.Key))
            {
                headers.Append(entry.Key, ToHeaderValue(entry));
            }
        }
    }

    public static string ToHeaderValue(Metadata.Entry entry) =>
        entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes) : entry.Value;
}
