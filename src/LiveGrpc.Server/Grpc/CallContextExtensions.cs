using Grpc.Core;
using LiveGrpc.Server.Tokens;

namespace LiveGrpc.Server.Grpc;

/// <summary>What the interceptors established about a call, read by the service classes.</summary>
public static class CallContextExtensions
{
    private static readonly object CallerKey = typeof(Caller);

    /// <summary>The caller the <see cref="AuthInterceptor"/> identified; anonymous if none ran.</summary>
    public static Caller GetCaller(this ServerCallContext context) =>
        context.UserState.TryGetValue(CallerKey, out var caller) && caller is Caller known ? known : Caller.Anonymous;

    public static void SetCaller(this ServerCallContext context, Caller caller) => context.UserState[CallerKey] = caller;

    /// <summary>The peer's IP address (no port), the unit of token rate limiting.</summary>
    public static string GetPeerAddress(this ServerCallContext context) =>
        context.GetHttpContext().Connection.RemoteIpAddress?.ToString() ?? context.Peer;
}
