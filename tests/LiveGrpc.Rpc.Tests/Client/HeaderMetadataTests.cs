using System.Net.Http.Headers;
using System.Text;
using LiveGrpc.Rpc.Client;

namespace LiveGrpc.Rpc.Tests.Client;

public class HeaderMetadataTests
{
    private static HttpRequestHeaders RequestHeaders(Metadata metadata)
    {
        var request = new HttpRequestMessage();
        HeaderMetadata.AddToRequest(metadata, request.Headers);
        return request.Headers;
    }

    private static List<KeyValuePair<string, IEnumerable<string>>> Fields(params (string Name, string Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, IEnumerable<string>>(f.Name, [f.Value])).ToList();

    [Fact]
    public void Sends_text_as_is_and_binary_as_unpadded_base64()
    {
        var headers = RequestHeaders(new Metadata
        {
            { "x-user", "alice" },
            { "x-trace-bin", new byte[] { 1, 2, 3, 4 } },
        });

        Assert.Equal("alice", headers.GetValues("x-user").Single());
        // AQIDBA== without its padding.
        Assert.Equal("AQIDBA", headers.GetValues("x-trace-bin").Single());
    }

    [Fact]
    public void Does_not_let_user_metadata_override_protocol_headers()
    {
        var headers = RequestHeaders(new Metadata
        {
            { "grpc-timeout", "1S" },
            { "te", "gzip" },
            { "content-length", "3" },
            { "grpc-status-details-bin", new byte[] { 8, 3 } },
        });

        // Rich error details are metadata, not protocol.
        Assert.Equal(["grpc-status-details-bin"], headers.Select(h => h.Key).ToArray());
    }

    [Theory]
    [InlineData("AQIDBA==")]
    [InlineData("AQIDBA")]
    public void Reads_binary_values_padded_or_not(string wire)
    {
        var metadata = HeaderMetadata.ToMetadata(Fields(("x-trace-bin", wire)));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, metadata.GetValueBytes("x-trace-bin"));
    }

    [Fact]
    public void Splits_comma_joined_binary_values()
    {
        var metadata = HeaderMetadata.ToMetadata(Fields(("x-ids-bin", "AQ, AgM=")));
        Assert.Equal([[1], [2, 3]], metadata.GetAll("x-ids-bin").Select(e => e.ValueBytes).ToArray());
    }

    [Fact]
    public void Keeps_metadata_and_drops_protocol_fields_and_invalid_entries()
    {
        var metadata = HeaderMetadata.ToMetadata(Fields(
            ("X-Custom", "Value"),
            ("grpc-status", "0"),
            ("grpc-message", "ok"),
            ("grpc-encoding", "gzip"),
            ("content-type", "application/grpc"),
            ("x-broken-bin", "!!!not base64"),
            ("x-bad key", "v")));

        var entry = Assert.Single(metadata);
        Assert.Equal("x-custom", entry.Key);
        Assert.Equal("Value", entry.Value);
    }

    [Fact]
    public void Reads_status_and_percent_decodes_the_message()
    {
        Assert.True(HeaderMetadata.TryGetStatus(Fields(("grpc-status", "5"), ("grpc-message", "stream %C2%ABx%C2%BB not found")), out var status));
        Assert.Equal(StatusCode.NotFound, status.StatusCode);
        Assert.Equal("stream «x» not found", status.Detail);
    }

    [Fact]
    public void No_grpc_status_means_no_status()
    {
        Assert.False(HeaderMetadata.TryGetStatus(Fields(("grpc-message", "orphan")), out _));
    }

    [Theory]
    [InlineData("17")]
    [InlineData("-1")]
    [InlineData("OK")]
    public void Out_of_range_or_garbled_status_is_unknown(string code)
    {
        Assert.True(HeaderMetadata.TryGetStatus(Fields(("grpc-status", code)), out var status));
        Assert.Equal(StatusCode.Unknown, status.StatusCode);
    }

    [Fact]
    public void Parses_a_grpc_web_trailer_frame()
    {
        var payload = Encoding.ASCII.GetBytes("grpc-status:3\r\nGrpc-Message: bad%20name\r\nx-extra: a\r\nx-extra: b\r\nx-id-bin: AQI\r\n");
        var fields = HeaderMetadata.ParseWebTrailers(payload);

        Assert.True(HeaderMetadata.TryGetStatus(fields, out var status));
        Assert.Equal(new Status(StatusCode.InvalidArgument, "bad name"), status);
        var metadata = HeaderMetadata.ToMetadata(fields);
        Assert.Equal(["a", "b"], metadata.GetAll("x-extra").Select(e => e.Value).ToArray());
        Assert.Equal(new byte[] { 1, 2 }, metadata.GetValueBytes("x-id-bin"));
    }
}
