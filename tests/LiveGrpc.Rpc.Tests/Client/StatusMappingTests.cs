using LiveGrpc.Rpc.Client;

namespace LiveGrpc.Rpc.Tests.Client;

public class StatusMappingTests
{
    // grpc/doc/http-grpc-status-mapping.md
    [Theory]
    [InlineData(400, StatusCode.Internal)]
    [InlineData(401, StatusCode.Unauthenticated)]
    [InlineData(403, StatusCode.PermissionDenied)]
    [InlineData(404, StatusCode.Unimplemented)]
    [InlineData(429, StatusCode.Unavailable)]
    [InlineData(502, StatusCode.Unavailable)]
    [InlineData(503, StatusCode.Unavailable)]
    [InlineData(504, StatusCode.Unavailable)]
    [InlineData(200, StatusCode.Unknown)]
    [InlineData(415, StatusCode.Unknown)]
    [InlineData(500, StatusCode.Unknown)]
    public void Maps_http_status_codes(int http, StatusCode expected)
    {
        Assert.Equal(expected, StatusMapping.FromHttpStatus(http));
    }

    // grpc/doc/PROTOCOL-HTTP2.md, "Errors"
    [Theory]
    [InlineData(0x0L, StatusCode.Internal)]
    [InlineData(0x1L, StatusCode.Internal)]
    [InlineData(0x2L, StatusCode.Internal)]
    [InlineData(0x7L, StatusCode.Unavailable)]
    [InlineData(0x8L, StatusCode.Cancelled)]
    [InlineData(0xBL, StatusCode.ResourceExhausted)]
    [InlineData(0xCL, StatusCode.PermissionDenied)]
    public void Maps_http2_error_codes(long code, StatusCode expected)
    {
        Assert.Equal(expected, StatusMapping.FromHttp2ErrorCode(code));
    }
}
