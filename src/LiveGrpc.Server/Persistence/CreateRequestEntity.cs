namespace LiveGrpc.Server.Persistence;

/// <summary>A CreateStream request_id (hashed) and the stream it created.</summary>
public sealed class CreateRequestEntity
{
    public required string KeyHash { get; set; }
    public required string Fingerprint { get; set; }
    public required string StreamId { get; set; }
    public long CreateTime { get; set; }
}
