namespace LiveGrpc.Server.Errors;

/// <summary>The credential is missing, expired or forged (UNAUTHENTICATED).</summary>
public sealed class AuthenticationRequiredException(string message) : DomainException(message);
