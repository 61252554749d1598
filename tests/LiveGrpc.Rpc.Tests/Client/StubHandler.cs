using System.Buffers;
using System.IO.Compression;
using System.Net;
using System.Text;
using Google.Protobuf;
using LiveGrpc.Rpc.Wire;

namespace LiveGrpc.Rpc.Tests.Client;

/// <summary>
/// An HTTP handler that answers with a scripted response, so the client can be tested against
/// responses a well-behaved server never sends (proxies' errors, broken frames, gzip bodies).
/// </summary>
internal sealed class StubHandler(Func<HttpRequestMessage, byte[], HttpResponseMessage> respond) : HttpMessageHandler
{
    public HttpRequestMessage? Request { get; private set; }

    public byte[]? RequestBody { get; private set; }

    public int Calls { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Calls++;
        Request = request;
        RequestBody = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var response = respond(request, RequestBody);
        response.RequestMessage = request;
        return response;
    }

    public static HttpResponseMessage Grpc(byte[] body, int status = 0, string? message = null, Action<HttpResponseMessage>? configure = null, string contentType = GrpcProtocol.ContentType)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Version = HttpVersion.Version20, Content = new ByteArrayContent(body) };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        response.TrailingHeaders.TryAddWithoutValidation("grpc-status", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (message is not null)
        {
            response.TrailingHeaders.TryAddWithoutValidation("grpc-message", message);
        }
        configure?.Invoke(response);
        return response;
    }

    public static byte[] Frames(params IMessage[] messages)
    {
        var writer = new ArrayBufferWriter<byte>();
        foreach (var message in messages)
        {
            MessageFraming.WriteMessage(writer, message, null);
        }
        return writer.WrittenSpan.ToArray();
    }

    public static byte[] GzipFrame(IMessage message)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            message.WriteTo(gzip);
        }
        return Frame(0x01, compressed.ToArray());
    }

    public static byte[] WebTrailerFrame(string trailers) => Frame(GrpcProtocol.WebTrailersFlag, Encoding.ASCII.GetBytes(trailers));

    public static byte[] Frame(byte flags, byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flags;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }
}
