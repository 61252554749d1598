namespace LiveGrpc.Server.Errors;

/// <summary>The caller is identified but may not do this (PERMISSION_DENIED).</summary>
public sealed class PermissionDeniedException(string message) : DomainException(message);
