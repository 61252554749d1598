namespace LiveGrpc.Server.Errors;

/// <summary>A dependency (e.g. the media provider) failed; retrying later may succeed (UNAVAILABLE).</summary>
public sealed class ServiceUnavailableException(string message) : DomainException(message);
