using System.Net.Http.Headers;
using System.Text;
using LiveGrpc.Rpc.Wire;

namespace LiveGrpc.Rpc.Client;

/// <summary>
/// Moves metadata between <see cref="Metadata"/> and HTTP header fields: "-bin" values are
/// base64 (sent unpadded, read padded or not, possibly comma-joined), and grpc-status /
/// grpc-message are read out of headers, trailers or a gRPC-Web trailer frame.
/// </summary>
internal static class HeaderMetadata
{
    public static void AddToRequest(Metadata? metadata, HttpRequestHeaders headers)
    {
        if (metadata is null)
        {
            return;
        }
        foreach (var entry in metadata)
        {
            // The protocol's own headers are set by the call; user copies would corrupt it.
            if (GrpcProtocol.IsReservedHeader(entry.Key))
            {
                continue;
            }
            headers.TryAddWithoutValidation(entry.Key, ToHeaderValue(entry));
        }
    }

    /// <summary>PROTOCOL-HTTP2.md: implementations should emit unpadded base64.</summary>
    public static string ToHeaderValue(Metadata.Entry entry) =>
        entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes).TrimEnd('=') : entry.Value;

    public static Metadata ToMetadata(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers)
    {
        var metadata = new Metadata();
        foreach (var (name, values) in headers)
        {
            var key = name.ToLowerInvariant();
            if (GrpcProtocol.IsReservedHeader(key))
            {
                continue;
            }
            var isBinary = key.EndsWith(Metadata.BinaryHeaderSuffix, StringComparison.Ordinal);
            foreach (var value in values)
            {
                try
                {
                    if (isBinary)
                    {
                        // Several values of one key may arrive comma-joined in one field.
                        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                        {
                            metadata.Add(key, Base64.Decode(part));
                        }
                    }
                    else
                    {
                        metadata.Add(key, value);
                    }
                }
                catch (Exception ex) when (ex is ArgumentException or RpcException)
                {
                    // An HTTP field that is not valid gRPC metadata (odd key characters, bad base64)
                    // is not something the peer sent as metadata; dropping it beats failing the call.
                }
            }
        }
        return metadata;
    }

    /// <summary>Reads grpc-status and the percent-decoded grpc-message, if grpc-status is present.</summary>
    public static bool TryGetStatus(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers, out Status status)
    {
        string? code = null;
        string? message = null;
        foreach (var (name, values) in headers)
        {
            if (string.Equals(name, GrpcProtocol.StatusHeader, StringComparison.OrdinalIgnoreCase))
            {
                code = values.FirstOrDefault();
            }
            else if (string.Equals(name, GrpcProtocol.MessageHeader, StringComparison.OrdinalIgnoreCase))
            {
                // A value containing ", " may have been split by the HTTP stack; put it back together.
                message = string.Join(", ", values);
            }
        }
        if (code is null)
        {
            status = default;
            return false;
        }
        var detail = message is null ? "" : PercentEncoding.Decode(message);
        status = int.TryParse(code.Trim(), out var value) && value is >= 0 and <= 16
            ? new Status((StatusCode)value, detail)
            : new Status(StatusCode.Unknown, $"Unexpected grpc-status value \"{code}\". {detail}".TrimEnd());
        return true;
    }

    /// <summary>Parses a gRPC-Web trailer frame's payload: HTTP/1-style "name: value" lines.</summary>
    public static List<KeyValuePair<string, IEnumerable<string>>> ParseWebTrailers(ReadOnlySpan<byte> payload)
    {
        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var line in Encoding.ASCII.GetString(payload).Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            var colon = trimmed.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            var name = trimmed[..colon].Trim().ToLowerInvariant();
            var value = trimmed[(colon + 1)..].Trim();
            if (!fields.TryGetValue(name, out var list))
            {
                fields[name] = list = [];
                order.Add(name);
            }
            list.Add(value);
        }
        return order.Select(n => new KeyValuePair<string, IEnumerable<string>>(n, fields[n])).ToList();
    }
}
