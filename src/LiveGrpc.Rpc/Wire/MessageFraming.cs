using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Pipelines;
using Google.Protobuf;

namespace LiveGrpc.Rpc.Wire;

/// <summary>
/// Length-prefixed messages: a flag byte (bit 0 = compressed), a 4-byte big-endian length,
/// then the payload. Shared by the server, the client and gRPC-Web.
/// </summary>
public static class MessageFraming
{
    /// <summary>
    /// Takes one whole frame off the front of <paramref name="buffer"/>, if it is all there.
    /// A frame longer than <paramref name="maxMessageSize"/> fails before its body arrives.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxMessageSize, out ReadOnlySequence<byte> payload, out byte flags)
    {
        payload = default;
        flags = 0;
        if (buffer.Length < GrpcProtocol.FrameHeaderSize)
        {
            return false;
        }
        Span<byte> header = stackalloc byte[GrpcProtocol.FrameHeaderSize];
        buffer.Slice(0, GrpcProtocol.FrameHeaderSize).CopyTo(header);
        flags = header[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxMessageSize)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"Received message exceeds the maximum configured message size ({length} > {maxMessageSize} bytes)."));
        }
        if (buffer.Length < GrpcProtocol.FrameHeaderSize + length)
        {
            return false;
        }
        payload = buffer.Slice(GrpcProtocol.FrameHeaderSize, length);
        buffer = buffer.Slice(GrpcProtocol.FrameHeaderSize + length);
        return true;
    }

    /// <summary>
    /// Reads the next message from a body. Returns null at a clean end of the stream;
    /// fails with INTERNAL when the body ends inside a frame.
    /// </summary>
    public static async ValueTask<T?> ReadMessageAsync<T>(PipeReader reader, MessageParser<T> parser, int maxMessageSize, string? encoding, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                if (TryReadFrame(ref buffer, maxMessageSize, out var payload, out var flags))
                {
                    var message = ParsePayload(payload, flags, parser, maxMessageSize, encoding);
                    reader.AdvanceTo(buffer.Start);
                    return message;
                }
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw new RpcException(new Status(StatusCode.Internal, "Incomplete message: the stream ended inside a length-prefixed frame."));
                    }
                    reader.AdvanceTo(buffer.End);
                    return default;
                }
                if (result.IsCanceled)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
            catch
            {
                // Leave the reader consistent so the caller can still complete it.
                if (!buffer.IsEmpty || result.IsCompleted)
                {
                    try { reader.AdvanceTo(result.Buffer.End); } catch (InvalidOperationException) { }
                }
                throw;
            }
        }
    }

    public static T ParsePayload<T>(ReadOnlySequence<byte> payload, byte flags, MessageParser<T> parser, int maxMessageSize, string? encoding)
        where T : IMessage<T>
    {
        if ((flags & GrpcProtocol.CompressedFlag) != 0)
        {
            if (encoding is null or "identity")
            {
                throw new RpcException(new Status(StatusCode.Internal, "A message is flagged compressed but the call's grpc-encoding is identity."));
            }
            payload = new ReadOnlySequence<byte>(Decompress(payload, encoding, maxMessageSize));
        }
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Failed to deserialize the message: {ex.Message}"));
        }
    }

    /// <summary>Writes one message as a frame. Throws RESOURCE_EXHAUSTED above <paramref name="maxMessageSize"/>.</summary>
    public static void WriteMessage(IBufferWriter<byte> writer, IMessage message, int? maxMessageSize)
    {
        var size = CheckSendSize(message, maxMessageSize);
        // Serialized straight into the output buffer: the hot path copies nothing.
        var span = writer.GetSpan(GrpcProtocol.FrameHeaderSize + size);
        WriteFrameHeader(span, 0, size);
        message.WriteTo(span.Slice(GrpcProtocol.FrameHeaderSize, size));
        writer.Advance(GrpcProtocol.FrameHeaderSize + size);
    }

    /// <summary>Writes one message as a gzip-compressed frame.</summary>
    public static void WriteCompressedMessage(IBufferWriter<byte> writer, IMessage message, int? maxMessageSize)
    {
        CheckSendSize(message, maxMessageSize);
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            message.WriteTo(gzip);
        }
        WriteFrame(writer, GrpcProtocol.CompressedFlag, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
    }

    /// <summary>Writes one frame with the given flags around an already-encoded payload.</summary>
    public static void WriteFrame(IBufferWriter<byte> writer, byte flags, ReadOnlySpan<byte> payload)
    {
        var span = writer.GetSpan(GrpcProtocol.FrameHeaderSize + payload.Length);
        WriteFrameHeader(span, flags, payload.Length);
        payload.CopyTo(span[GrpcProtocol.FrameHeaderSize..]);
        writer.Advance(GrpcProtocol.FrameHeaderSize + payload.Length);
    }

    private static void WriteFrameHeader(Span<byte> span, byte flags, int length)
    {
        span[0] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
    }

    private static int CheckSendSize(IMessage message, int? maxMessageSize)
    {
        var size = message.CalculateSize();
        if (maxMessageSize is { } max && size > max)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"Sending message exceeds the maximum configured message size ({size} > {max} bytes)."));
        }
        return size;
    }

    private static byte[] Decompress(ReadOnlySequence<byte> payload, string encoding, int maxMessageSize)
    {
        if (encoding != "gzip")
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, $"Unsupported grpc-encoding \"{encoding}\"."));
        }
        try
        {
            using var input = new MemoryStream(payload.ToArray());
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = gzip.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + read > maxMessageSize)
                {
                    throw new RpcException(new Status(StatusCode.ResourceExhausted,
                        $"Decompressed message exceeds the maximum configured message size ({maxMessageSize} bytes)."));
                }
                output.Write(chunk, 0, read);
            }
            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Failed to decompress the message: {ex.Message}"));
        }
    }
}
