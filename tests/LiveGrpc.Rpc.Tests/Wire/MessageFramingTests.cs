using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using LiveGrpc.Rpc.Tests.Protos;
using LiveGrpc.Rpc.Wire;

namespace LiveGrpc.Rpc.Tests.Wire;

public class MessageFramingTests
{
    private static readonly EchoRequest Sample = new() { Text = "hello", Count = 3, Payload = ByteString.CopyFrom(new byte[300]) };

    private static byte[] Framed(IMessage message, bool compressed = false)
    {
        var writer = new ArrayBufferWriter<byte>();
        if (compressed)
        {
            MessageFraming.WriteCompressedMessage(writer, message, null);
        }
        else
        {
            MessageFraming.WriteMessage(writer, message, null);
        }
        return writer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Writes_flag_then_big_endian_length_then_payload()
    {
        var frame = Framed(new EchoRequest { Text = "hi" });
        Assert.Equal(new byte[] { 0, 0, 0, 0, 4, 0x0A, 2, (byte)'h', (byte)'i' }, frame);
    }

    [Fact]
    public void Reads_a_whole_frame_and_leaves_the_rest()
    {
        var bytes = Framed(Sample).Concat(new byte[] { 0, 0 }).ToArray();
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.True(MessageFraming.TryReadFrame(ref buffer, 4096, out var payload, out var flags));

        Assert.Equal(0, flags);
        Assert.Equal(Sample, EchoRequest.Parser.ParseFrom(payload));
        Assert.Equal(2, buffer.Length);
    }

    [Fact]
    public void Reads_a_frame_split_across_segments()
    {
        var bytes = Framed(Sample);
        // Split inside the header and inside the payload.
        var buffer = Segments(bytes, 2, 4, 50);

        Assert.True(MessageFraming.TryReadFrame(ref buffer, 4096, out var payload, out _));
        Assert.Equal(Sample, EchoRequest.Parser.ParseFrom(payload));
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(100)]
    public void Waits_for_more_bytes_when_the_frame_is_incomplete(int available)
    {
        var bytes = Framed(Sample)[..available];
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.False(MessageFraming.TryReadFrame(ref buffer, 4096, out _, out _));
        Assert.Equal(available, buffer.Length);
    }

    [Fact]
    public void Rejects_an_over_limit_length_before_the_body_arrives()
    {
        // Only the header: 10 MB announced.
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0, 0x98, 0x96, 0x80 });

        var ex = Assert.Throws<RpcException>(() => MessageFraming.TryReadFrame(ref buffer, 4 * 1024 * 1024, out _, out _));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public void Accepts_a_message_exactly_at_the_limit()
    {
        var bytes = Framed(Sample);
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(MessageFraming.TryReadFrame(ref buffer, Sample.CalculateSize(), out _, out _));
    }

    [Fact]
    public void Refuses_to_send_over_the_send_limit()
    {
        var ex = Assert.Throws<RpcException>(() => MessageFraming.WriteMessage(new ArrayBufferWriter<byte>(), Sample, 10));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Reads_consecutive_messages_from_a_pipe_then_ends_cleanly()
    {
        var pipe = new Pipe();
        var second = new EchoRequest { Text = "second" };
        await pipe.Writer.WriteAsync(Framed(Sample).Concat(Framed(second)).ToArray());
        await pipe.Writer.CompleteAsync();

        Assert.Equal(Sample, await MessageFraming.ReadMessageAsync(pipe.Reader, EchoRequest.Parser, 4096, null, default));
        Assert.Equal(second, await MessageFraming.ReadMessageAsync(pipe.Reader, EchoRequest.Parser, 4096, null, default));
        Assert.Null(await MessageFraming.ReadMessageAsync(pipe.Reader, EchoRequest.Parser, 4096, null, default));
    }

    [Fact]
    public async Task Reads_a_message_that_arrives_in_pieces()
    {
        var pipe = new Pipe();
        var bytes = Framed(Sample);
        var read = MessageFraming.ReadMessageAsync(pipe.Reader, EchoRequest.Parser, 4096, null, default).AsTask();
        foreach (var chunk in bytes.Chunk(7))
        {
            Assert.False(read.IsCompleted);
            await pipe.Writer.WriteAsync(chunk);
        }
        Assert.Equal(Sample, await read.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_body_that_ends_inside_a_frame_is_internal()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Framed(Sample)[..20]);
        await pipe.Writer.CompleteAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => MessageFraming.ReadMessageAsync(pipe.Reader, EchoRequest.Parser, 4096, null, default).AsTask());
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public void Bytes_that_are_not_the_message_are_internal()
    {
        var garbage = new ReadOnlySequence<byte>(new byte[] { 0x0A, 0xFF, 0xFF, 0xFF });
        var ex = Assert.Throws<RpcException>(() => MessageFraming.ParsePayload(garbage, 0, EchoRequest.Parser, 4096, null));
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public void Gzip_frames_round_trip()
    {
        var buffer = new ReadOnlySequence<byte>(Framed(Sample, compressed: true));
        Assert.True(MessageFraming.TryReadFrame(ref buffer, 4096, out var payload, out var flags));
        Assert.Equal(GrpcProtocol.CompressedFlag, flags);
        Assert.Equal(Sample, MessageFraming.ParsePayload(payload, flags, EchoRequest.Parser, 4096, "gzip"));
    }

    [Fact]
    public void A_compressed_frame_without_an_encoding_is_internal()
    {
        var buffer = new ReadOnlySequence<byte>(Framed(Sample, compressed: true));
        MessageFraming.TryReadFrame(ref buffer, 4096, out var payload, out var flags);
        var ex = Assert.Throws<RpcException>(() => MessageFraming.ParsePayload(payload, flags, EchoRequest.Parser, 4096, null));
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public void A_compressed_frame_that_inflates_past_the_limit_is_resource_exhausted()
    {
        var big = new EchoRequest { Payload = ByteString.CopyFrom(new byte[100_000]) };
        var buffer = new ReadOnlySequence<byte>(Framed(big, compressed: true));
        Assert.True(MessageFraming.TryReadFrame(ref buffer, 10_000, out var payload, out var flags), "zeros compress well below the limit");
        var ex = Assert.Throws<RpcException>(() => MessageFraming.ParsePayload(payload, flags, EchoRequest.Parser, 10_000, "gzip"));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    /// <summary>A multi-segment sequence cut at the given offsets.</summary>
    private static ReadOnlySequence<byte> Segments(byte[] bytes, params int[] cuts)
    {
        var bounds = cuts.Prepend(0).Append(bytes.Length).ToArray();
        Segment? first = null;
        Segment? last = null;
        for (var i = 0; i + 1 < bounds.Length; i++)
        {
            var memory = bytes.AsMemory(bounds[i], bounds[i + 1] - bounds[i]);
            if (first is null)
            {
                first = last = new Segment(memory, 0);
            }
            else
            {
                last = last!.Append(memory);
            }
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
