using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LiveGrpc.Rpc.Server;

/// <summary>
/// Turns an HTTP request into a call of one bound method, for each of the four call types.
/// The invoker already includes the interceptor chain and service activation.
/// </summary>
internal static class ServerCallHandlers
{
    public static RequestDelegate Unary<TRequest, TResponse>(string method, UnaryServerMethod<TRequest, TResponse> invoker, GrpcServerOptions options, ILogger logger)
        where TRequest : class, IMessage<TRequest>, new() where TResponse : class, IMessage<TResponse>
    {
        var parser = new MessageParser<TRequest>(() => new TRequest());
        return async http =>
        {
            var call = new HttpServerCallContext(http, method, options, logger);
            if (!call.TryStart())
            {
                return;
            }
            Exception? error = null;
            try
            {
                var request = await call.ReadSingleMessageAsync(parser).ConfigureAwait(false);
                var response = await invoker(request, call).ConfigureAwait(false);
                if (call.Status.StatusCode == StatusCode.OK)
                {
                    call.WriteMessage(response ?? throw new InvalidOperationException("The handler returned a null response."));
                }
            }
            catch (Exception ex)
            {
                error = ex;
            }
            await call.CompleteAsync(error).ConfigureAwait(false);
            call.Dispose();
        };
    }

    public static RequestDelegate ServerStreaming<TRequest, TResponse>(string method, ServerStreamingServerMethod<TRequest, TResponse> invoker, GrpcServerOptions options, ILogger logger)
        where TRequest : class, IMessage<TRequest>, new() where TResponse : class, IMessage<TResponse>
    {
        var parser = new MessageParser<TRequest>(() => new TRequest());
        return async http =>
        {
            var call = new HttpServerCallContext(http, method, options, logger);
            if (!call.TryStart())
            {
                return;
            }
            Exception? error = null;
            try
            {
                var request = await call.ReadSingleMessageAsync(parser).ConfigureAwait(false);
                await invoker(request, new HttpResponseStreamWriter<TResponse>(call), call).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                error = ex;
            }
            await call.CompleteAsync(error).ConfigureAwait(false);
            call.Dispose();
        };
    }

    public static RequestDelegate ClientStreaming<TRequest, TResponse>(string method, ClientStreamingServerMethod<TRequest, TResponse> invoker, GrpcServerOptions options, ILogger logger)
        where TRequest : class, IMessage<TRequest>, new() where TResponse : class, IMessage<TResponse>
    {
        var parser = new MessageParser<TRequest>(() => new TRequest());
        return async http =>
        {
            var call = new HttpServerCallContext(http, method, options, logger);
            if (!call.TryStart())
            {
                return;
            }
            Exception? error = null;
            try
            {
                var response = await invoker(new HttpRequestStreamReader<TRequest>(call, parser), call).ConfigureAwait(false);
                if (call.Status.StatusCode == StatusCode.OK)
                {
                    call.WriteMessage(response ?? throw new InvalidOperationException("The handler returned a null response."));
                }
            }
            catch (Exception ex)
            {
                error = ex;
            }
            await call.CompleteAsync(error).ConfigureAwait(false);
            call.Dispose();
        };
    }

    public static RequestDelegate DuplexStreaming<TRequest, TResponse>(string method, DuplexStreamingServerMethod<TRequest, TResponse> invoker, GrpcServerOptions options, ILogger logger)
        where TRequest : class, IMessage<TRequest>, new() where TResponse : class, IMessage<TResponse>
    {
        var parser = new MessageParser<TRequest>(() => new TRequest());
        return async http =>
        {
            var call = new HttpServerCallContext(http, method, options, logger);
            if (!call.TryStart())
            {
                return;
            }
            Exception? error = null;
            try
            {
                await invoker(new HttpRequestStreamReader<TRequest>(call, parser), new HttpResponseStreamWriter<TResponse>(call), call).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                error = ex;
            }
            await call.CompleteAsync(error).ConfigureAwait(false);
            call.Dispose();
        };
    }

    /// <summary>Answers calls to a path no service method is mapped at.</summary>
    public static RequestDelegate Unimplemented(string message, GrpcServerOptions options, ILogger logger) => http =>
    {
        var call = new HttpServerCallContext(http, http.Request.Path.Value ?? "", options, logger);
        if (call.TryStart())
        {
            call.Status = new Status(StatusCode.Unimplemented, message);
            return call.CompleteAsync(null);
        }
        return Task.CompletedTask;
    };
}
