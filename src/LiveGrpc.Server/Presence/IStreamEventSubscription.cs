using System.Threading.Channels;
using LiveGrpc.Server.Streams;

namespace LiveGrpc.Server.Presence;

/// <summary>A live feed of stream events. Read <see cref="Reader"/>; dispose to stop receiving.</summary>
public interface IStreamEventSubscription : IDisposable
{
    ChannelReader<StreamEvent> Reader { get; }
}
