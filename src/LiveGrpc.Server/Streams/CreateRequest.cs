namespace LiveGrpc.Server.Streams;

/// <summary>
/// Remembers a CreateStream request_id so a retry returns the same stream. Only a hash of the
/// key is kept; <see cref="Fingerprint"/> hashes the request so a reused key with a different
/// request is refused rather than answered with someone else's stream.
/// </summary>
public sealed record CreateRequest(string KeyHash, string Fingerprint, string StreamId, DateTimeOffset CreateTime);
