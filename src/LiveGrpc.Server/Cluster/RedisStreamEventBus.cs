using LiveGrpc.Server.Presence;
using LiveGrpc.Server.Streams;
using StackExchange.Redis;

namespace LiveGrpc.Server.Cluster;

/// <summary>
/// Stream events across nodes on one Redis pub/sub channel. Publish sends the event to Redis only;
/// every node, this one included, hears it back from its subscription and hands it to its local
/// subscribers (an <see cref="InProcessStreamEventBus"/>). So all nodes see one order — the order
/// Redis received the events in — and that is version order per stream, because each change is
/// published under the stream's cluster lock (<see cref="RedisStreamLock"/>) before the lock's
/// release goes out on the same connection. The subscription is read one message at a time.
/// Events published while this node is cut off from Redis are lost to it (pub/sub keeps nothing);
/// clients resynchronize from a snapshot on their next join.
/// </summary>
public sealed class RedisStreamEventBus(RedisConnection redis, ILogger<RedisStreamEventBus> logger) : IStreamEventBus
{
    private readonly InProcessStreamEventBus _local = new();
    private ChannelMessageQueue? _queue;

    public void Publish(StreamEvent streamEvent)
    {
        try
        {
            // Fire-and-forget keeps Publish non-blocking; StackExchange.Redis still writes commands
            // in the order they are issued, so the lock release that follows cannot overtake it.
            redis.Multiplexer.GetSubscriber().Publish(Channel, StreamEventCodec.Encode(streamEvent), CommandFlags.FireAndForget);
        }
        catch (RedisException ex)
        {
            logger.LogError(ex, "Publishing {EventType} v{Version} of stream {StreamId} to Redis failed", streamEvent.GetType().Name, streamEvent.Version, streamEvent.StreamId);
        }
    }

    public IStreamEventSubscription Subscribe(string streamId) => _local.Subscribe(streamId);

    public IStreamEventSubscription SubscribeAll() => _local.SubscribeAll();

    /// <summary>Starts hearing the cluster's events (ClusterStartup, before any hosted service starts).</summary>
    public async Task SubscribeToClusterAsync()
    {
        _queue = await redis.Multiplexer.GetSubscriber().SubscribeAsync(Channel).ConfigureAwait(false);
        // A synchronous handler: the queue hands over the next message only after this one is delivered.
        _queue.OnMessage(message =>
        {
            var streamEvent = StreamEventCodec.Decode((byte[])message.Message!);
            if (streamEvent is null)
            {
                logger.LogWarning("Ignored a stream event this node cannot read (from a newer version?)");
                return;
            }
            _local.Publish(streamEvent);
        });
    }

    private RedisChannel Channel => RedisChannel.Literal(redis.Keys.Events);
}
