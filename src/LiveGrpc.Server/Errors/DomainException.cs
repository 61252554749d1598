namespace LiveGrpc.Server.Errors;

/// <summary>
/// A failure the caller can act on. The message is shown to the caller verbatim, so it must
/// say what to change and never carry internals; the gRPC layer maps each subtype to a status.
/// </summary>
public abstract class DomainException(string message) : Exception(message);
