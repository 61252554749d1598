using LiveGrpc.Server.Errors;
using Stream = LiveGrpc.Server.Streams.Stream;

namespace LiveGrpc.Server.Tokens;

/// <summary>The rule for host actions: the caller must present this stream's host secret.</summary>
public static class HostAccess
{
    public static void Demand(Stream stream, Caller caller)
    {
        switch (caller.Kind)
        {
            case CallerKind.Anonymous:
                throw new AuthenticationRequiredException(
                    "This action needs the stream's host secret: send metadata \"authorization: Bearer <host_secret>\".");
            case CallerKind.Token:
                throw new PermissionDeniedException(
                    $"A {(caller.Token!.Role == TokenRole.Viewer ? "viewer" : "publisher")} token cannot do this; it needs the stream's host secret.");
            case CallerKind.HostSecret when !HostSecrets.Matches(caller.HostSecret!, stream.HostSecretHash):
                throw new PermissionDeniedException("The host secret does not match this stream.");
        }
    }
}
