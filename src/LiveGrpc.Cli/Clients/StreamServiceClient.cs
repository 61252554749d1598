using LiveGrpc.Rpc.Client;
using LiveGrpc.V1;

namespace LiveGrpc.Cli.Clients;

/// <summary>
/// Typed client for livegrpc.v1.StreamService. Methods come from the .proto's descriptors, so a
/// renamed or reshaped RPC fails here at start-up rather than as UNIMPLEMENTED on the wire.
/// Same shape as a Grpc.Tools-generated client, so it could be swapped for one mechanically.
/// </summary>
public sealed class StreamServiceClient(CallInvoker invoker)
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service =
        StreamServiceReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("StreamService");

    internal static readonly Method<CreateStreamRequest, CreateStreamResponse> CreateStreamMethod = Bind<CreateStreamRequest, CreateStreamResponse>("CreateStream");
    internal static readonly Method<GetStreamRequest, GetStreamResponse> GetStreamMethod = Bind<GetStreamRequest, GetStreamResponse>("GetStream");
    internal static readonly Method<ListStreamsRequest, ListStreamsResponse> ListStreamsMethod = Bind<ListStreamsRequest, ListStreamsResponse>("ListStreams");
    internal static readonly Method<UpdateStreamRequest, UpdateStreamResponse> UpdateStreamMethod = Bind<UpdateStreamRequest, UpdateStreamResponse>("UpdateStream");
    internal static readonly Method<DeleteStreamRequest, DeleteStreamResponse> DeleteStreamMethod = Bind<DeleteStreamRequest, DeleteStreamResponse>("DeleteStream");
    internal static readonly Method<StartStreamRequest, StartStreamResponse> StartStreamMethod = Bind<StartStreamRequest, StartStreamResponse>("StartStream");
    internal static readonly Method<StopStreamRequest, StopStreamResponse> StopStreamMethod = Bind<StopStreamRequest, StopStreamResponse>("StopStream");
    internal static readonly Method<ListBroadcastsRequest, ListBroadcastsResponse> ListBroadcastsMethod = Bind<ListBroadcastsRequest, ListBroadcastsResponse>("ListBroadcasts");
    internal static readonly Method<WatchStreamRequest, WatchStreamResponse> WatchStreamMethod = Bind<WatchStreamRequest, WatchStreamResponse>("WatchStream");

    private readonly CallInvoker _invoker = invoker ?? throw new ArgumentNullException(nameof(invoker));

    public AsyncUnaryCall<CreateStreamResponse> CreateStreamAsync(CreateStreamRequest request, CallOptions options = default) =>
        _invoker.AsyncUnaryCall(CreateStreamMethod, null, options, request);

    public AsyncUnaryCall<GetStreamResponse> GetStreamAsync(GetStreamRequest request, CallOptions options = default) =>
        _invoker.AsyncUnaryCall(GetStreamMethod, null, options, request);

    public AsyncUnaryCall<ListStreamsResponse> ListStreamsAsync(ListStreamsRequest request, CallOptions options = default) =>
        _invoker.AsyncUnaryCall(ListStreamsMethod, null, options, request);

    public AsyncUnaryCall<UpdateStreamResponse> UpdateStreamAsync(UpdateStreamRequest request, CallOptions options = default) =>
        _invoker.AsyncUnaryCall(UpdateStreamMethod, null, options, request);

    public AsyncUnaryCall<DeleteStreamResponse> DeleteStreamAsync(DeleteStreamRequest request, CallOptions options = default) =>
        _invoker.AsyncUnaryCall(DeleteStreamMethod, null, options, request);

    public AsyncUnaryCall<StartStreamResponse> StartStreamAsync(StartStreamRequest request, CallOptions options = default) =>
        _invoker.AsyncUnaryCall(StartStreamMethod, null, options, request);

    public AsyncUnaryCall<StopStreamResponse> StopStreamAsync(StopStreamRequest request, CallOptions options = default) =>
        _invoker.AsyncUnaryCall(StopStreamMethod, null, options, request);

    public AsyncUnaryCall<ListBroadcastsResponse> ListBroadcastsAsync(ListBroadcastsRequest request, CallOptions options = default) =>
        _invoker.AsyncUnaryCall(ListBroadcastsMethod, null, options, request);

    public AsyncServerStreamingCall<WatchStreamResponse> WatchStream(WatchStreamRequest request, CallOptions options = default) =>
        _invoker.AsyncServerStreamingCall(WatchStreamMethod, null, options, request);

    private static Method<TRequest, TResponse> Bind<TRequest, TResponse>(string name)
        where TRequest : class, Google.Protobuf.IMessage<TRequest>
        where TResponse : class, Google.Protobuf.IMessage<TResponse> =>
        Method.FromDescriptor<TRequest, TResponse>(
            Service.FindMethodByName(name) ?? throw new InvalidOperationException($"{Service.FullName} has no method {name}."));
}
