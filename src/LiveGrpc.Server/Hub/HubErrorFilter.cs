using LiveGrpc.Server.Errors;
using Microsoft.AspNetCore.SignalR;

namespace LiveGrpc.Server.Hub;

/// <summary>
/// Turns the domain's actionable failures into hub errors with a stable code, the way the gRPC
/// layer maps them to status codes. Anything else stays an unexpected exception, which SignalR
/// answers with a generic message, so internals never reach a client. Logging happens here
/// rather than in SignalR's dispatcher (silenced in AddStreamHub), which would log every
/// "stream full" or expired token as an error with a stack trace.
/// </summary>
public sealed class HubErrorFilter(ILogger<HubErrorFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext).ConfigureAwait(false);
        }
        catch (DomainException ex)
        {
            logger.LogDebug("Hub method {Method} refused: {Message}", invocationContext.HubMethodName, ex.Message);
            throw HubErrors.Create(CodeFor(ex), ex.Message);
        }
        catch (Streams.StreamConcurrencyException ex)
        {
            // Another node changed the stream at the same moment; the client may simply retry.
            logger.LogDebug("Hub method {Method} lost a race with another node: {Message}", invocationContext.HubMethodName, ex.Message);
            throw HubErrors.Create(HubErrorCodes.Unavailable, "The stream was changed by another request at the same moment; try again.");
        }
        catch (HubException ex)
        {
            logger.LogDebug("Hub method {Method} refused: {Message}", invocationContext.HubMethodName, ex.Message);
            throw;
        }
        catch (OperationCanceledException) when (invocationContext.Context.ConnectionAborted.IsCancellationRequested)
        {
            // The caller is gone; nobody is left to answer.
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Hub method {Method} failed", invocationContext.HubMethodName);
            throw;
        }
    }

    private static string CodeFor(DomainException exception) => exception switch
    {
        AuthenticationRequiredException => HubErrorCodes.InvalidToken,
        NotFoundException => HubErrorCodes.NotFound,
        PermissionDeniedException => HubErrorCodes.Forbidden,
        ValidationException => HubErrorCodes.InvalidRequest,
        RateLimitedException => HubErrorCodes.RateLimited,
        ServiceUnavailableException => HubErrorCodes.Unavailable,
        _ => HubErrorCodes.FailedPrecondition,
    };
}
