using Google.Protobuf;

namespace LiveGrpc.Rpc.Client;

/// <summary>
/// Describes one RPC for the client: its shape, its path and how to read each side's messages.
/// Mirrors Grpc.Core's Method, with protobuf parsers in place of marshallers because every
/// message here is a generated protobuf message.
/// </summary>
public sealed class Method<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public Method(MethodType type, string serviceName, string name, MessageParser<TRequest> requestParser, MessageParser<TResponse> responseParser)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Type = type;
        ServiceName = serviceName;
        Name = name;
        RequestParser = requestParser ?? throw new ArgumentNullException(nameof(requestParser));
        ResponseParser = responseParser ?? throw new ArgumentNullException(nameof(responseParser));
        FullName = $"/{serviceName}/{name}";
    }

    public MethodType Type { get; }

    /// <summary>The fully qualified service name, e.g. "livegrpc.v1.StreamService".</summary>
    public string ServiceName { get; }

    /// <summary>The method name, e.g. "GetStream".</summary>
    public string Name { get; }

    /// <summary>The HTTP/2 path, "/package.Service/Method".</summary>
    public string FullName { get; }

    public MessageParser<TRequest> RequestParser { get; }

    public MessageParser<TResponse> ResponseParser { get; }

    public override string ToString() => FullName;
}
