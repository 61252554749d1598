using LiveGrpc.Rpc.Client;
using LiveGrpc.V1;

namespace LiveGrpc.Cli.Clients;

/// <summary>Typed client for livegrpc.v1.TokenService, bound from the .proto's descriptors (see <see cref="StreamServiceClient"/>).</summary>
public sealed class TokenServiceClient(CallInvoker invoker)
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service =
        TokenServiceReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("TokenService");

    internal static readonly Method<CreatePublisherTokenRequest, CreatePublisherTokenResponse> CreatePublisherTokenMethod =
        Bind<CreatePublisherTokenRequest, CreatePublisherTokenResponse>("CreatePublisherToken");
    internal static readonly Method<CreateViewerTokenRequest, CreateViewerTokenResponse> CreateViewerTokenMethod =
        Bind<CreateViewerTokenRequest, CreateViewerTokenResponse>("CreateViewerToken");
    internal static readonly Method<CreateInviteRequest, CreateInviteResponse> CreateInviteMethod =
        Bind<CreateInviteRequest, CreateInviteResponse>("CreateInvite");

    private readonly CallInvoker _invoker = invoker ?? throw new ArgumentNullException(nameof(invoker));

    public AsyncUnaryCall<CreatePublisherTokenResponse> CreatePublisherTokenAsync(CreatePublisherTokenRequest request, CallOptions options = default) =>
        _invoker.AsyncUnaryCall(CreatePublisherTokenMethod, null, options, request);

    public AsyncUnaryCall<CreateViewerTokenResponse> CreateViewerTokenAsync(CreateViewerTokenRequest request, CallOptions options = default) =>
        _invoker.AsyncUnaryCall(CreateViewerTokenMethod, null, options, request);

    public AsyncUnaryCall<CreateInviteResponse> CreateInviteAsync(CreateInviteRequest request, CallOptions options = default) =>
        _invoker.AsyncUnaryCall(CreateInviteMethod, null, options, request);

    private static Method<TRequest, TResponse> Bind<TRequest, TResponse>(string name)
        where TRequest : class, Google.Protobuf.IMessage<TRequest>
        where TResponse : class, Google.Protobuf.IMessage<TResponse> =>
        Method.FromDescriptor<TRequest, TResponse>(
            Service.FindMethodByName(name) ?? throw new InvalidOperationException($"{Service.FullName} has no method {name}."));
}
