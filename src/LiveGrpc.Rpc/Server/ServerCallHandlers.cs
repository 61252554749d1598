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
        return Handler(method, options, logger, async call =>
        {
            var request = await call.ReadSingleMessageAsync(parser).ConfigureAwait(false);
            var response = await invoker(request, call).ConfigureAwait(false);
            WriteSingleResponse(call, response);
        });
    }

    public static RequestDelegate ServerStreaming<TRequest, TResponse>(string method, ServerStreamingServerMethod<TRequest, TResponse> invoker, GrpcServerOptions options, ILogger logger)
        where TRequest : class, IMessage<TRequest>, new() where TResponse : class, IMessage<TResponse>
    {
        var parser = new MessageParser<TRequest>(() => new TRequest());
        return Handler(method, options, logger, async call =>
        {
            var request = await call.ReadSingleMessageAsync(parser).ConfigureAwait(false);
            await invoker(request, new HttpResponseStreamWriter<TResponse>(call), call).ConfigureAwait(false);
        });
    }

    public static RequestDelegate ClientStreaming<TRequest, TResponse>(string method, ClientStreamingServerMethod<TRequest, TResponse> invoker, GrpcServerOptions options, ILogger logger)
        where TRequest : class, IMessage<TRequest>, new() where TResponse : class, IMessage<TResponse>
    {
        var parser = new MessageParser<TRequest>(() => new TRequest());
        return Handler(method, options, logger, async call =>
        {
            var response = await invoker(new HttpRequestStreamReader<TRequest>(call, parser), call).ConfigureAwait(false);
            WriteSingleResponse(call, response);
        });
    }

    public static RequestDelegate DuplexStreaming<TRequest, TResponse>(string method, DuplexStreamingServerMethod<TRequest, TResponse> invoker, GrpcServerOptions options, ILogger logger)
        where TRequest : class, IMessage<TRequest>, new() where TResponse : class, IMessage<TResponse>
    {
        var parser = new MessageParser<TRequest>(() => new TRequest());
        return Handler(method, options, logger, call =>
            invoker(new HttpRequestStreamReader<TRequest>(call, parser), new HttpResponseStreamWriter<TResponse>(call), call));
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

    /// <summary>
    /// The frame every call type shares: validate the request, run the body, and end the call with
    /// the body's outcome (a thrown exception becomes the status; see HttpServerCallContext).
    /// </summary>
    private static RequestDelegate Handler(string method, GrpcServerOptions options, ILogger logger, Func<HttpServerCallContext, Task> body) =>
        async http =>
        {
            var call = new HttpServerCallContext(http, method, options, logger);
            if (!call.TryStart())
            {
                return;
            }
            Exception? error = null;
            try
            {
                await body(call).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                error = ex;
            }
            await call.CompleteAsync(error).ConfigureAwait(false);
            call.Dispose();
        };

    /// <summary>Unary and client-streaming calls answer with one message, unless the handler set a non-OK status.</summary>
    private static void WriteSingleResponse<TResponse>(HttpServerCallContext call, TResponse? response) where TResponse : class, IMessage<TResponse>
    {
        if (call.Status.StatusCode == StatusCode.OK)
        {
            call.WriteMessage(response ?? throw new InvalidOperationException("The handler returned a null response."));
        }
    }
}
