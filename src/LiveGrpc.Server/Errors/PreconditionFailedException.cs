namespace LiveGrpc.Server.Errors;

/// <summary>The request is valid but the resource is not in a state that allows it (FAILED_PRECONDITION).</summary>
public sealed class PreconditionFailedException(string message) : DomainException(message);
