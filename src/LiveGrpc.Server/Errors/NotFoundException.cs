namespace LiveGrpc.Server.Errors;

/// <summary>The named resource does not exist (NOT_FOUND).</summary>
public sealed class NotFoundException(string message) : DomainException(message)
{
    public static NotFoundException Stream(string streamId) => new($"Stream \"{streamId}\" does not exist.");
}
