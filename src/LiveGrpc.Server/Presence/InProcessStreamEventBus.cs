using System.Collections.Concurrent;
using System.Threading.Channels;
using LiveGrpc.Server.Streams;

namespace LiveGrpc.Server.Presence;

/// <summary>
/// The single-node bus: each subscription owns an unbounded channel. Unbounded is safe here
/// because status changes are rare and viewer counts are coalesced to one per interval, and
/// dropping would break the "every change, in order" promise of WatchStream.
/// </summary>
public sealed class InProcessStreamEventBus : IStreamEventBus
{
    private const string AllStreams = "";

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Subscription, byte>> _subscriptions = new(StringComparer.Ordinal);

    public void Publish(StreamEvent streamEvent)
    {
        Deliver(streamEvent.StreamId, streamEvent);
        Deliver(AllStreams, streamEvent);
    }

    public IStreamEventSubscription Subscribe(string streamId)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        return Add(streamId);
    }

    public IStreamEventSubscription SubscribeAll() => Add(AllStreams);

    /// <summary>Live subscriptions of one stream; for tests and metrics.</summary>
    public int SubscriberCount(string streamId) => _subscriptions.TryGetValue(streamId, out var set) ? set.Count : 0;

    private void Deliver(string key, StreamEvent streamEvent)
    {
        if (_subscriptions.TryGetValue(key, out var set))
        {
            foreach (var subscription in set.Keys)
            {
                subscription.Channel.Writer.TryWrite(streamEvent);
            }
        }
    }

    private Subscription Add(string key)
    {
        var subscription = new Subscription(this, key);
        _subscriptions.GetOrAdd(key, static _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        if (_subscriptions.TryGetValue(subscription.Key, out var set))
        {
            set.TryRemove(subscription, out _);
        }
        subscription.Channel.Writer.TryComplete();
    }

    private sealed class Subscription(InProcessStreamEventBus bus, string key) : IStreamEventSubscription
    {
        public string Key { get; } = key;

        public Channel<StreamEvent> Channel { get; } = System.Threading.Channels.Channel.CreateUnbounded<StreamEvent>(
            new UnboundedChannelOptions { SingleReader = true });

        public ChannelReader<StreamEvent> Reader => Channel.Reader;

        public void Dispose() => bus.Remove(this);
    }
}
