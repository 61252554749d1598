using LiveGrpc.Server.Streams;

namespace LiveGrpc.Server.Presence;

/// <summary>
/// Fan-out of stream changes to live channels (gRPC WatchStream, the SignalR hub). The embedded
/// default is in-process; a PostgreSQL LISTEN/NOTIFY bus for scale-out implements the same contract.
/// Events of one stream arrive in version order; subscribers drop any version they already hold.
/// </summary>
public interface IStreamEventBus
{
    /// <summary>Delivers <paramref name="streamEvent"/> to every matching subscription. Never blocks.</summary>
    void Publish(StreamEvent streamEvent);

    /// <summary>Events of one stream, from now on. Dispose to unsubscribe.</summary>
    IStreamEventSubscription Subscribe(string streamId);

    /// <summary>Events of every stream, from now on (e.g. a hub relaying to per-stream groups).</summary>
    IStreamEventSubscription SubscribeAll();
}
