using System.ComponentModel.DataAnnotations;

namespace LiveGrpc.Server.Hub;

/// <summary>Configuration section "Hub": the SignalR hub at <see cref="StreamHub.Path"/>.</summary>
public sealed class StreamHubOptions
{
    public const string SectionName = "Hub";

    /// <summary>
    /// How often the server pings an idle client so the client notices a dead server. Clients'
    /// serverTimeoutInMilliseconds should be at least twice this (the JS default, 30 s, is).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A client the server has not heard from for this long is dropped and its leases released,
    /// so a watcher whose network vanished leaves the viewer count within this time plus one push
    /// interval (31 s by default). Must be at least twice the clients' keep-alive interval: the
    /// JS client pings every 15 s by default, hence 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ClientTimeoutInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Streams one connection may watch or host at once; bounds what a single client can hold.</summary>
    [Range(1, 1000)]
    public int MaxJoinedStreamsPerConnection { get; set; } = 8;

    /// <summary>Streams one connection may follow (a discovery page's worth).</summary>
    [Range(1, 10_000)]
    public int MaxFollowedStreamsPerConnection { get; set; } = 500;

    /// <summary>Largest message a client may send; an SDP offer with many codecs is ~10 KB.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaximumReceiveMessageSize { get; set; } = 64 * 1024;
}
