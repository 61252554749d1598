namespace LiveGrpc.Server.Media;

/// <summary>Browser-to-browser WebRTC, signalled through the hub at <paramref name="HubPath"/>.</summary>
public sealed record LocalMediaAccess(string HubPath, IReadOnlyList<IceServerOptions> IceServers, int MaxViewers)
    : MediaAccess(MediaProviderKind.Local);
