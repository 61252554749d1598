using System.ComponentModel.DataAnnotations;

namespace LiveGrpc.Server.Media;

/// <summary>Configuration section "Media:Local".</summary>
public sealed class LocalMediaOptions
{
    public const string SectionName = "Media:Local";

    /// <summary>STUN/TURN servers; none needed on localhost or a LAN.</summary>
    public List<IceServerOptions> IceServers { get; set; } = [];

    /// <summary>The host's browser uploads one copy per viewer, so the mesh is capped.</summary>
    [Range(1, 1000)]
    public int MaxViewers { get; set; } = 20;
}
