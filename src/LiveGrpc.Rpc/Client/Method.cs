using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LiveGrpc.Rpc.Client;

/// <summary>Builds <see cref="Method{TRequest, TResponse}"/> from the .proto's own descriptors, so no name is typed twice.</summary>
public static class Method
{
    /// <summary>
    /// The client-side description of <paramref name="descriptor"/>, e.g.
    /// <c>Method.FromDescriptor&lt;GetStreamRequest, Stream&gt;(StreamServiceReflection.Descriptor.Services[0].FindMethodByName("GetStream"))</c>.
    /// </summary>
    public static Method<TRequest, TResponse> FromDescriptor<TRequest, TResponse>(MethodDescriptor descriptor)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            (true, true) => MethodType.DuplexStreaming,
        };
        return new Method<TRequest, TResponse>(
            type,
            descriptor.Service.FullName,
            descriptor.Name,
            ParserFor<TRequest>(descriptor.InputType, descriptor),
            ParserFor<TResponse>(descriptor.OutputType, descriptor));
    }

    private static MessageParser<T> ParserFor<T>(MessageDescriptor message, MethodDescriptor method)
        where T : IMessage<T>
    {
        // Catch a mismatched type argument here rather than as a parse failure on the first call.
        if (message.ClrType != typeof(T))
        {
            throw new ArgumentException(
                $"{method.FullName} uses {message.FullName} ({message.ClrType?.FullName ?? "no CLR type"}), not {typeof(T).FullName}.",
                nameof(method));
        }
        return message.Parser as MessageParser<T>
            ?? throw new ArgumentException($"{message.FullName} has no MessageParser<{typeof(T).Name}>.", nameof(method));
    }
}
