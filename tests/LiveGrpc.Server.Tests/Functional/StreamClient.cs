using Google.Protobuf;
using LiveGrpc.Rpc;
using LiveGrpc.Rpc.Client;
using LiveGrpc.V1;

namespace LiveGrpc.Server.Tests.Functional;

/// <summary>A small typed client over LiveGrpc.Rpc's channel, built from the contract's descriptors. Every call has a deadline.</summary>
public sealed class StreamClient(string address) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly RpcChannel _channel = RpcChannel.ForAddress(address);

    public Task<CreateStreamResponse> CreateStreamAsync(string title) =>
        Unary<CreateStreamRequest, CreateStreamResponse>(StreamServiceReflection.Descriptor, "CreateStream",
            new CreateStreamRequest { Stream = new V1.Stream { Title = title } }, null);

    public Task<GetStreamResponse> GetStreamAsync(string id) =>
        Unary<GetStreamRequest, GetStreamResponse>(StreamServiceReflection.Descriptor, "GetStream", new GetStreamRequest { StreamId = id }, null);

    public Task<ListBroadcastsResponse> ListBroadcastsAsync(string id) =>
        Unary<ListBroadcastsRequest, ListBroadcastsResponse>(StreamServiceReflection.Descriptor, "ListBroadcasts", new ListBroadcastsRequest { StreamId = id }, null);

    public Task<StartStreamResponse> StartStreamAsync(string id, string secret) =>
        Unary<StartStreamRequest, StartStreamResponse>(StreamServiceReflection.Descriptor, "StartStream", new StartStreamRequest { StreamId = id }, secret);

    public Task<CreateViewerTokenResponse> CreateViewerTokenAsync(string id) =>
        Unary<CreateViewerTokenRequest, CreateViewerTokenResponse>(TokenServiceReflection.Descriptor, "CreateViewerToken",
            new CreateViewerTokenRequest { StreamId = id }, null);

    /// <summary>Starts WatchStream; read events from the returned call, dispose or cancel to end it.</summary>
    public AsyncServerStreamingCall<WatchStreamResponse> Watch(string id, string? bearer, CancellationToken cancellationToken, string sessionId = "")
    {
        var method = Method.FromDescriptor<WatchStreamRequest, WatchStreamResponse>(StreamServiceReflection.Descriptor.Services[0].FindMethodByName("WatchStream"));
        return _channel.CreateCallInvoker().AsyncServerStreamingCall(method, null,
            new CallOptions(Headers(bearer), cancellationToken: cancellationToken), new WatchStreamRequest { StreamId = id, SessionId = sessionId });
    }

    public void Dispose() => _channel.Dispose();

    private async Task<TResponse> Unary<TRequest, TResponse>(Google.Protobuf.Reflection.FileDescriptor file, string name, TRequest request, string? bearer)
        where TRequest : class, IMessage<TRequest> where TResponse : class, IMessage<TResponse>
    {
        var method = Method.FromDescriptor<TRequest, TResponse>(file.Services[0].FindMethodByName(name));
        using var call = _channel.CreateCallInvoker().AsyncUnaryCall(method, null,
            new CallOptions(Headers(bearer), DateTime.UtcNow + Deadline), request);
        return await call.ResponseAsync;
    }

    private static Metadata? Headers(string? bearer) => bearer is null ? null : new Metadata { { "authorization", "Bearer " + bearer } };
}
