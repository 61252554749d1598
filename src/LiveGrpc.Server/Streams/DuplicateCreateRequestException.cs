namespace LiveGrpc.Server.Streams;

/// <summary>
/// A CreateStream request_id was stored by another writer (another node) between the lookup and
/// the insert. Nothing was written; the caller answers as for a retry of that request.
/// </summary>
public sealed class DuplicateCreateRequestException(string keyHash, Exception inner)
    : Exception($"Create request {keyHash} is already stored.", inner);
