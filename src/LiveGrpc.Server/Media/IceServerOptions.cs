namespace LiveGrpc.Server.Media;

/// <summary>One RTCIceServer, as configured under <c>Media:Local:IceServers</c>.</summary>
public sealed class IceServerOptions
{
    public List<string> Urls { get; set; } = [];

    public string? Username { get; set; }

    public string? Credential { get; set; }
}
