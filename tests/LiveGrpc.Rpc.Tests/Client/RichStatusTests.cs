using Google.Rpc;

namespace LiveGrpc.Rpc.Tests.Client;

public class RichStatusTests
{
    [Fact]
    public void InvalidArgument_carries_field_violations_that_read_back()
    {
        var ex = RichStatus.InvalidArgument("Invalid stream.", ("title", "must not be empty"), ("page_size", "must be at most 100"));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("Invalid stream.", ex.Status.Detail);
        var status = ex.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal((int)StatusCode.InvalidArgument, status.Code);
        Assert.Equal("Invalid stream.", status.Message);
        var badRequest = status.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Equal(["title", "page_size"], badRequest.FieldViolations.Select(v => v.Field).ToArray());
        Assert.Equal("must be at most 100", badRequest.FieldViolations[1].Description);
        Assert.Null(status.GetDetail<ErrorInfo>());
    }

    [Fact]
    public void Without_the_trailer_there_is_no_rich_status()
    {
        Assert.Null(new RpcException(new LiveGrpc.Rpc.Status(StatusCode.NotFound, "gone")).GetRpcStatus());
    }

    [Fact]
    public void A_garbled_trailer_reads_as_no_rich_status()
    {
        var trailers = new Metadata { { "grpc-status-details-bin", new byte[] { 0x0A, 0xFF } } };
        Assert.Null(new RpcException(new LiveGrpc.Rpc.Status(StatusCode.Internal, "x"), trailers).GetRpcStatus());
    }
}
