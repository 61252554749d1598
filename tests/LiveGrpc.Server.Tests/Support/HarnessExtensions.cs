using Grpc.Core;
using LiveGrpc.V1;

namespace LiveGrpc.Server.Tests.Support;

/// <summary>Short forms of the calls most tests make.</summary>
public static class HarnessExtensions
{
    public static async Task<(string Id, string Secret)> CreateStreamAsync(
        this ServerHarness harness, string title = "Morning show", Visibility visibility = Visibility.Public, string passcode = "")
    {
        var created = await harness.CallAsync<CreateStreamRequest, CreateStreamResponse>(harness.Streams.CreateStream,
            new CreateStreamRequest { Stream = new V1.Stream { Title = title, Visibility = visibility, ViewerPasscode = passcode } });
        return (created.Stream.Id, created.HostSecret);
    }

    public static async Task<V1.Stream> GetAsync(this ServerHarness harness, string streamId) =>
        (await harness.CallAsync<GetStreamRequest, GetStreamResponse>(harness.Streams.GetStream, new GetStreamRequest { StreamId = streamId })).Stream;

    public static Task<StartStreamResponse> StartAsync(this ServerHarness harness, string streamId, string? secret) =>
        harness.CallAsync<StartStreamRequest, StartStreamResponse>(harness.Streams.StartStream, new StartStreamRequest { StreamId = streamId }, secret);

    public static Task<StopStreamResponse> StopAsync(this ServerHarness harness, string streamId, string? secret) =>
        harness.CallAsync<StopStreamRequest, StopStreamResponse>(harness.Streams.StopStream, new StopStreamRequest { StreamId = streamId }, secret);

    public static async Task<string> ViewerTokenAsync(this ServerHarness harness, string streamId, string passcode = "", string invite = "") =>
        (await harness.CallAsync<CreateViewerTokenRequest, CreateViewerTokenResponse>(harness.Tokens.CreateViewerToken,
            new CreateViewerTokenRequest { StreamId = streamId, ViewerPasscode = passcode, InviteCode = invite })).Token;

    public static async Task<string> PublisherTokenAsync(this ServerHarness harness, string streamId, string secret) =>
        (await harness.CallAsync<CreatePublisherTokenRequest, CreatePublisherTokenResponse>(harness.Tokens.CreatePublisherToken,
            new CreatePublisherTokenRequest { StreamId = streamId }, secret)).Token;

    /// <summary>The status code a call fails with; fails the test if it succeeds.</summary>
    public static async Task<RpcException> FailsWith(this Task call, StatusCode expected)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(expected, ex.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(ex.Status.Detail), "A failed call must say what to do.");
        return ex;
    }
}
