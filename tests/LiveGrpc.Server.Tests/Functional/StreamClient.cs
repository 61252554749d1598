using Grpc.Core;
using Grpc.Net.Client;
using LiveGrpc.V1;

namespace LiveGrpc.Server.Tests.Functional;

/// <summary>The generated livegrpc.v1 clients over one GrpcChannel; every unary call has a deadline.</summary>
public sealed class StreamClient(string address, GrpcChannelOptions? options = null) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(address, options ?? new GrpcChannelOptions());

    private StreamService.StreamServiceClient Streams => new(_channel);

    private TokenService.TokenServiceClient Tokens => new(_channel);

    public async Task<CreateStreamResponse> CreateStreamAsync(string title) =>
        await Streams.CreateStreamAsync(new CreateStreamRequest { Stream = new V1.Stream { Title = title } }, Options(null));

    public async Task<GetStreamResponse> GetStreamAsync(string id) =>
        await Streams.GetStreamAsync(new GetStreamRequest { StreamId = id }, Options(null));

    public async Task<ListBroadcastsResponse> ListBroadcastsAsync(string id) =>
        await Streams.ListBroadcastsAsync(new ListBroadcastsRequest { StreamId = id }, Options(null));

    public async Task<StartStreamResponse> StartStreamAsync(string id, string secret) =>
        await Streams.StartStreamAsync(new StartStreamRequest { StreamId = id }, Options(secret));

    public async Task<CreateViewerTokenResponse> CreateViewerTokenAsync(string id) =>
        await Tokens.CreateViewerTokenAsync(new CreateViewerTokenRequest { StreamId = id }, Options(null));

    /// <summary>Starts WatchStream; read events from the returned call, dispose or cancel to end it.</summary>
    public AsyncServerStreamingCall<WatchStreamResponse> Watch(string id, string? bearer, CancellationToken cancellationToken, string sessionId = "") =>
        Streams.WatchStream(new WatchStreamRequest { StreamId = id, SessionId = sessionId }, new CallOptions(Headers(bearer), cancellationToken: cancellationToken));

    public void Dispose() => _channel.Dispose();

    private static CallOptions Options(string? bearer) => new(Headers(bearer), DateTime.UtcNow + Deadline);

    private static Metadata? Headers(string? bearer) => bearer is null ? null : new Metadata { { "authorization", "Bearer " + bearer } };
}
