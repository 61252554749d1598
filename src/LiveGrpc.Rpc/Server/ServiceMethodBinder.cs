using System.Reflection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiveGrpc.Rpc.Server;

/// <summary>
/// Binds each RPC of a protobuf service descriptor to the same-named public method of a
/// service class with Grpc.Core's signature, so the .proto stays the single source of truth.
/// Every missing method is reported at once, at start-up.
/// </summary>
internal sealed class ServiceMethodBinder<TService>(
    IServiceProvider services, GrpcServerOptions options, IReadOnlyList<Interceptor> interceptors, ILogger logger)
    where TService : class
{
    private readonly bool _serviceIsRegistered = services.GetService<IServiceProviderIsService>()?.IsService(typeof(TService)) == true;
    private readonly ObjectFactory<TService> _factory = ActivatorUtilities.CreateFactory<TService>([]);

    public IReadOnlyList<(string Path, RequestDelegate Handler)> Bind(ServiceDescriptor descriptor)
    {
        var bound = new List<(string, RequestDelegate)>();
        var missing = new List<string>();
        foreach (var method in descriptor.Methods)
        {
            var (parameters, returnType) = ExpectedSignature(method);
            var candidate = typeof(TService).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance, parameters);
            if (candidate is null || candidate.ReturnType != returnType)
            {
                missing.Add($"  {descriptor.FullName}.{method.Name}: expected public {Describe(returnType)} {method.Name}({string.Join(", ", parameters.Select(Describe))})");
                continue;
            }
            var path = $"/{descriptor.FullName}/{method.Name}";
            var kind = (method.IsClientStreaming, method.IsServerStreaming) switch
            {
                (false, false) => nameof(BindUnary),
                (false, true) => nameof(BindServerStreaming),
                (true, false) => nameof(BindClientStreaming),
                (true, true) => nameof(BindDuplexStreaming),
            };
            var bind = typeof(ServiceMethodBinder<TService>)
                .GetMethod(kind, BindingFlags.NonPublic | BindingFlags.Instance)!
                .MakeGenericMethod(method.InputType.ClrType, method.OutputType.ClrType);
            bound.Add((path, (RequestDelegate)bind.Invoke(this, [path, candidate])!));
        }
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{typeof(TService).Name} does not implement every RPC of {descriptor.FullName}:{Environment.NewLine}{string.Join(Environment.NewLine, missing)}");
        }
        return bound;
    }

    private static (Type[] Parameters, Type ReturnType) ExpectedSignature(Google.Protobuf.Reflection.MethodDescriptor method)
    {
        var request = method.InputType.ClrType;
        var response = method.OutputType.ClrType;
        var context = typeof(ServerCallContext);
        return (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => ([request, context], typeof(Task<>).MakeGenericType(response)),
            (false, true) => ([request, typeof(IServerStreamWriter<>).MakeGenericType(response), context], typeof(Task)),
            (true, false) => ([typeof(IAsyncStreamReader<>).MakeGenericType(request), context], typeof(Task<>).MakeGenericType(response)),
            (true, true) => ([typeof(IAsyncStreamReader<>).MakeGenericType(request), typeof(IServerStreamWriter<>).MakeGenericType(response), context], typeof(Task)),
        };
    }

    private static string Describe(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>"
        : type.Name;

    private RequestDelegate BindUnary<TRequest, TResponse>(string path, MethodInfo method)
        where TRequest : class, Google.Protobuf.IMessage<TRequest>, new() where TResponse : class, Google.Protobuf.IMessage<TResponse>
    {
        var call = method.CreateDelegate<Func<TService, TRequest, ServerCallContext, Task<TResponse>>>();
        UnaryServerMethod<TRequest, TResponse> invoker = (request, context) => Activate(context, service => call(service, request, context));
        for (var i = interceptors.Count - 1; i >= 0; i--)
        {
            var (interceptor, next) = (interceptors[i], invoker);
            invoker = (request, context) => interceptor.UnaryServerHandler(request, context, next);
        }
        return ServerCallHandlers.Unary(path, invoker, options, logger);
    }

    private RequestDelegate BindServerStreaming<TRequest, TResponse>(string path, MethodInfo method)
        where TRequest : class, Google.Protobuf.IMessage<TRequest>, new() where TResponse : class, Google.Protobuf.IMessage<TResponse>
    {
        var call = method.CreateDelegate<Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task>>();
        ServerStreamingServerMethod<TRequest, TResponse> invoker = (request, writer, context) => Activate(context, service => call(service, request, writer, context));
        for (var i = interceptors.Count - 1; i >= 0; i--)
        {
            var (interceptor, next) = (interceptors[i], invoker);
            invoker = (request, writer, context) => interceptor.ServerStreamingServerHandler(request, writer, context, next);
        }
        return ServerCallHandlers.ServerStreaming(path, invoker, options, logger);
    }

    private RequestDelegate BindClientStreaming<TRequest, TResponse>(string path, MethodInfo method)
        where TRequest : class, Google.Protobuf.IMessage<TRequest>, new() where TResponse : class, Google.Protobuf.IMessage<TResponse>
    {
        var call = method.CreateDelegate<Func<TService, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>>>();
        ClientStreamingServerMethod<TRequest, TResponse> invoker = (reader, context) => Activate(context, service => call(service, reader, context));
        for (var i = interceptors.Count - 1; i >= 0; i--)
        {
            var (interceptor, next) = (interceptors[i], invoker);
            invoker = (reader, context) => interceptor.ClientStreamingServerHandler(reader, context, next);
        }
        return ServerCallHandlers.ClientStreaming(path, invoker, options, logger);
    }

    private RequestDelegate BindDuplexStreaming<TRequest, TResponse>(string path, MethodInfo method)
        where TRequest : class, Google.Protobuf.IMessage<TRequest>, new() where TResponse : class, Google.Protobuf.IMessage<TResponse>
    {
        var call = method.CreateDelegate<Func<TService, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task>>();
        DuplexStreamingServerMethod<TRequest, TResponse> invoker = (reader, writer, context) => Activate(context, service => call(service, reader, writer, context));
        for (var i = interceptors.Count - 1; i >= 0; i--)
        {
            var (interceptor, next) = (interceptors[i], invoker);
            invoker = (reader, writer, context) => interceptor.DuplexStreamingServerHandler(reader, writer, context, next);
        }
        return ServerCallHandlers.DuplexStreaming(path, invoker, options, logger);
    }

    /// <summary>
    /// Resolves the service from DI when registered (its lifetime applies); otherwise creates
    /// one per call, as Grpc.AspNetCore does, and disposes it afterwards.
    /// </summary>
    private Task<TResult> Activate<TResult>(ServerCallContext context, Func<TService, Task<TResult>> run)
    {
        var requestServices = context.GetHttpContext().RequestServices;
        if (_serviceIsRegistered)
        {
            return run(requestServices.GetRequiredService<TService>());
        }
        return RunOwned(_factory(requestServices, null), run);
    }

    private Task Activate(ServerCallContext context, Func<TService, Task> run) =>
        Activate<bool>(context, async service => { await run(service).ConfigureAwait(false); return true; });

    private static async Task<TResult> RunOwned<TResult>(TService service, Func<TService, Task<TResult>> run)
    {
        try
        {
            return await run(service).ConfigureAwait(false);
        }
        finally
        {
            switch (service)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }
}
