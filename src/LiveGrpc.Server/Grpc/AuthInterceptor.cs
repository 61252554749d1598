using Grpc.Core;
using Grpc.Core.Interceptors;
using LiveGrpc.Server.Errors;
using LiveGrpc.Server.Tokens;

namespace LiveGrpc.Server.Grpc;

/// <summary>
/// Reads <c>authorization: Bearer &lt;host secret | token&gt;</c> into the call's
/// <see cref="Caller"/>. Tokens are verified here (bad or expired → UNAUTHENTICATED); host
/// secrets are stream-specific, so handlers compare them with the stream they act on.
/// No credential is fine: each handler decides what anonymous callers may do.
/// </summary>
public sealed class AuthInterceptor(TokenIssuer issuer) : Interceptor
{
    private const string BearerPrefix = "Bearer ";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context).ConfigureAwait(false);
        return await continuation(request, context).ConfigureAwait(false);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context).ConfigureAwait(false);
        await continuation(request, responseStream, context).ConfigureAwait(false);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context).ConfigureAwait(false);
        return await continuation(requestStream, context).ConfigureAwait(false);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context).ConfigureAwait(false);
        await continuation(requestStream, responseStream, context).ConfigureAwait(false);
    }

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null)
        {
            return;
        }
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || header.Length == BearerPrefix.Length)
        {
            throw new AuthenticationRequiredException("The authorization metadata must be \"Bearer <host secret or token>\".");
        }
        var credential = header[BearerPrefix.Length..].Trim();
        context.SetCaller(HostSecrets.LooksLikeSecret(credential)
            ? Caller.WithHostSecret(credential)
            : Caller.WithToken(await issuer.ValidateAsync(credential).ConfigureAwait(false)));
    }
}
