using LiveGrpc.Server.Cluster;
using LiveGrpc.Server.Streams;

namespace LiveGrpc.Server.Tests.Cluster;

/// <summary>Events survive the trip through Redis unchanged, whatever their kind.</summary>
public sealed class StreamEventCodecTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    public static TheoryData<StreamEvent> Events() =>
    [
        new StreamStatusChangedEvent("st_1", 7, T0, StreamStatus.Offline, new Broadcast
        {
            Id = "bc_1", StreamId = "st_1", StartTime = T0.AddMinutes(-5), EndTime = T0, EndReason = EndReason.HostDisconnected, PeakViewers = 12, TotalViewers = 30,
        }),
        new StreamStatusChangedEvent("st_1", 3, T0, StreamStatus.Starting, null),
        new ViewerCountChangedEvent("st_2", 9, T0, 4, 5, 6),
        new StreamUpdatedEvent("st_3", 2, T0, "Tïtle \"quoted\"", "line 1\nline 2", Visibility.Private),
        new StreamDeletedEvent("st_4", 11, T0),
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void AnEvent_EncodedAndDecoded_IsTheSameEventWithTheSameId(StreamEvent original)
    {
        var decoded = StreamEventCodec.Decode(StreamEventCodec.Encode(original));

        Assert.NotNull(decoded);
        Assert.Equal(original.GetType(), decoded.GetType());
        Assert.Equal(original.EventId, decoded.EventId);
        if (original is StreamStatusChangedEvent { Broadcast: { } broadcast })
        {
            var copy = ((StreamStatusChangedEvent)decoded).Broadcast!;
            Assert.Equivalent(broadcast, copy);
            Assert.Equal(original with { EventId = original.EventId }, decoded with { EventId = original.EventId }, new StatusComparer());
        }
        else
        {
            Assert.Equal(original, decoded);
        }
    }

    [Fact]
    public void AMessageOfAKindThisVersionDoesNotKnow_DecodesToNull()
    {
        Assert.Null(StreamEventCodec.Decode("""{"type":"from-the-future","streamId":"st_1","version":1}"""u8));
        Assert.Null(StreamEventCodec.Decode("not json"u8));
    }

    /// <summary>Broadcast is a class (compared above by value); everything else in the record by equality.</summary>
    private sealed class StatusComparer : IEqualityComparer<StreamEvent>
    {
        public bool Equals(StreamEvent? x, StreamEvent? y) =>
            x is StreamStatusChangedEvent a && y is StreamStatusChangedEvent b
            && (a.StreamId, a.Version, a.Time, a.Status, a.EventId) == (b.StreamId, b.Version, b.Time, b.Status, b.EventId);

        public int GetHashCode(StreamEvent obj) => obj.StreamId.GetHashCode(StringComparison.Ordinal);
    }
}
