using LiveGrpc.Cli.Clients;
using LiveGrpc.Cli.Commands;
using LiveGrpc.Rpc;
using LiveGrpc.Rpc.Client;

namespace LiveGrpc.Cli.Tests.Units;

public sealed class ClientTests
{
    [Fact]
    public void Methods_are_bound_from_the_proto_descriptors()
    {
        Assert.Equal("/livegrpc.v1.StreamService/GetStream", StreamServiceClient.GetStreamMethod.FullName);
        Assert.Equal(MethodType.Unary, StreamServiceClient.StartStreamMethod.Type);
        Assert.Equal(MethodType.ServerStreaming, StreamServiceClient.WatchStreamMethod.Type);
        Assert.Equal("/livegrpc.v1.TokenService/CreateViewerToken", TokenServiceClient.CreateViewerTokenMethod.FullName);
        Assert.Equal("/livegrpc.v1.TokenService/CreateInvite", TokenServiceClient.CreateInviteMethod.FullName);
    }

    [Fact]
    public void Bearer_metadata_carries_the_credential()
    {
        var metadata = BearerMetadata.For("lgs_abc");
        Assert.Equal("Bearer lgs_abc", metadata.GetValue("authorization"));
        Assert.Throws<ArgumentException>(() => BearerMetadata.For(""));
    }

    [Fact]
    public void Watch_reconnects_back_off_and_cap()
    {
        Assert.Equal(
            new[] { 0.5, 1, 2, 4, 8, 8, 8, 8 },
            Enumerable.Range(1, StreamWatcher.MaxReconnects).Select(n => StreamWatcher.Backoff(n).TotalSeconds).ToArray());
    }

    [Theory]
    [InlineData(StatusCode.Unavailable, true)]
    [InlineData(StatusCode.Internal, true)]
    [InlineData(StatusCode.Unauthenticated, true)]
    [InlineData(StatusCode.NotFound, false)]
    [InlineData(StatusCode.PermissionDenied, false)]
    [InlineData(StatusCode.InvalidArgument, false)]
    public void Watch_retries_only_what_a_reconnect_can_cure(StatusCode code, bool retry) =>
        Assert.Equal(retry, StreamWatcher.IsWorthRetrying(code));
}
