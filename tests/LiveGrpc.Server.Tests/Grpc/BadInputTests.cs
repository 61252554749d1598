using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using LiveGrpc.Server.Tests.Support;
using LiveGrpc.V1;

namespace LiveGrpc.Server.Tests.Grpc;

public sealed class BadInputTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("line\nbreak")]
    public async Task CreateStream_WithABadTitle_IsInvalidArgument_NamingTheField(string title)
    {
        var ex = await Create(title).FailsWith(StatusCode.InvalidArgument);
        AssertViolation(ex, "stream.title");
    }

    [Fact]
    public async Task CreateStream_WithA121CharacterTitle_IsInvalidArgument_SayingTheLimit()
    {
        var ex = await Create(new string('x', 121)).FailsWith(StatusCode.InvalidArgument);
        AssertViolation(ex, "stream.title");
        Assert.Contains("120", ex.Status.Detail);
    }

    [Fact]
    public async Task CreateStream_WithA120CharacterTitle_Succeeds() =>
        Assert.Equal(120, (await Create(new string('x', 120))).Stream.Title.Length);

    [Fact]
    public async Task CreateStream_WithAnUnknownVisibility_IsInvalidArgument()
    {
        var ex = await _server.CallAsync<CreateStreamRequest, CreateStreamResponse>(_server.Streams.CreateStream,
            new CreateStreamRequest { Stream = new V1.Stream { Title = "t", Visibility = (Visibility)42 } }).FailsWith(StatusCode.InvalidArgument);
        AssertViolation(ex, "stream.visibility");
    }

    [Fact]
    public async Task CreateStream_PrivateWithAShortPasscode_IsInvalidArgument()
    {
        var ex = await _server.CallAsync<CreateStreamRequest, CreateStreamResponse>(_server.Streams.CreateStream,
            new CreateStreamRequest { Stream = new V1.Stream { Title = "t", Visibility = Visibility.Private, ViewerPasscode = "abc" } })
            .FailsWith(StatusCode.InvalidArgument);
        AssertViolation(ex, "stream.viewer_passcode");
    }

    [Fact]
    public async Task GetStream_WithAnUnknownId_IsNotFound_NamingTheId()
    {
        var ex = await _server.GetAsync("st_000000000000").FailsWith(StatusCode.NotFound);
        Assert.Contains("st_000000000000", ex.Status.Detail);
    }

    [Fact]
    public async Task GetStream_WithoutAnId_IsInvalidArgument() =>
        AssertViolation(await _server.GetAsync("").FailsWith(StatusCode.InvalidArgument), "stream_id");

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("djF8MTIzfHN0X3h8ZGVhZGJlZWY")] // well-formed base64url of a token with a wrong filter hash
    [InlineData("%%%")]
    public async Task ListStreams_WithAPageTokenItDidNotIssue_IsInvalidArgument(string token)
    {
        var ex = await List(new ListStreamsRequest { PageToken = token }).FailsWith(StatusCode.InvalidArgument);
        AssertViolation(ex, "page_token");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public async Task ListStreams_WithAPageSizeOutOfRange_IsInvalidArgument(int pageSize) =>
        AssertViolation(await List(new ListStreamsRequest { PageSize = pageSize }).FailsWith(StatusCode.InvalidArgument), "page_size");

    [Fact]
    public async Task UpdateStream_WithAnUnknownMaskPath_IsInvalidArgument_ListingTheUpdatableFields()
    {
        var (id, secret) = await _server.CreateStreamAsync();
        var ex = await _server.CallAsync<UpdateStreamRequest, UpdateStreamResponse>(_server.Streams.UpdateStream,
            new UpdateStreamRequest { Stream = new V1.Stream { Id = id }, UpdateMask = new FieldMask { Paths = { "status" } } }, secret)
            .FailsWith(StatusCode.InvalidArgument);
        AssertViolation(ex, "update_mask");
        Assert.Contains("title", ex.Status.Detail);
    }

    [Fact]
    public async Task UpdateStream_ChangesOnlyTheMaskedFields_AndBumpsTheVersion()
    {
        var (id, secret) = await _server.CreateStreamAsync("Old");
        var before = await _server.GetAsync(id);
        var updated = (await _server.CallAsync<UpdateStreamRequest, UpdateStreamResponse>(_server.Streams.UpdateStream,
            new UpdateStreamRequest
            {
                Stream = new V1.Stream { Id = id, Title = "New", Description = "ignored" },
                UpdateMask = new FieldMask { Paths = { "title" } },
            }, secret)).Stream;
        Assert.Equal("New", updated.Title);
        Assert.Equal("", updated.Description);
        Assert.True(updated.Version > before.Version);
    }

    [Fact]
    public async Task HostActions_WithoutASecret_AreUnauthenticated()
    {
        var (id, _) = await _server.CreateStreamAsync();
        var ex = await _server.StartAsync(id, null).FailsWith(StatusCode.Unauthenticated);
        Assert.Contains("authorization", ex.Status.Detail);
    }

    [Fact]
    public async Task HostActions_WithAnotherStreamsSecret_ArePermissionDenied()
    {
        var (id, _) = await _server.CreateStreamAsync();
        var (_, otherSecret) = await _server.CreateStreamAsync("Other");
        await _server.StartAsync(id, otherSecret).FailsWith(StatusCode.PermissionDenied);
        await _server.StopAsync(id, otherSecret).FailsWith(StatusCode.PermissionDenied);
        await _server.CallAsync<DeleteStreamRequest, DeleteStreamResponse>(_server.Streams.DeleteStream,
            new DeleteStreamRequest { StreamId = id }, otherSecret).FailsWith(StatusCode.PermissionDenied);
    }

    [Fact]
    public async Task HostActions_WithAViewerToken_ArePermissionDenied()
    {
        var (id, _) = await _server.CreateStreamAsync();
        var viewer = await _server.ViewerTokenAsync(id);
        var ex = await _server.StartAsync(id, viewer).FailsWith(StatusCode.PermissionDenied);
        Assert.Contains("viewer token", ex.Status.Detail);
    }

    [Fact]
    public async Task AMalformedAuthorizationHeader_IsUnauthenticated()
    {
        var (id, _) = await _server.CreateStreamAsync();
        await _server.StartAsync(id, "garbage").FailsWith(StatusCode.Unauthenticated);
    }

    private Task<CreateStreamResponse> Create(string title) =>
        _server.CallAsync<CreateStreamRequest, CreateStreamResponse>(_server.Streams.CreateStream,
            new CreateStreamRequest { Stream = new V1.Stream { Title = title } });

    private Task<ListStreamsResponse> List(ListStreamsRequest request) =>
        _server.CallAsync<ListStreamsRequest, ListStreamsResponse>(_server.Streams.ListStreams, request);

    private static void AssertViolation(RpcException ex, string field)
    {
        var status = ex.GetRpcStatus();
        Assert.NotNull(status);
        var badRequest = status.GetDetail<Google.Rpc.BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Contains(badRequest.FieldViolations, v => v.Field == field && v.Description.Length > 0);
    }
}
