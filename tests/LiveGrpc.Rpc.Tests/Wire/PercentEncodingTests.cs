using LiveGrpc.Rpc.Wire;

namespace LiveGrpc.Rpc.Tests.Wire;

public class PercentEncodingTests
{
    [Fact]
    public void Leaves_printable_ascii_alone()
    {
        const string text = "Invalid argument: name must be 1-63 chars [a-z] (got \"X\")";
        Assert.Same(text, PercentEncoding.Encode(text));
        Assert.Same(text, PercentEncoding.Decode(text));
    }

    [Fact]
    public void Escapes_percent_itself()
    {
        Assert.Equal("100%25 done", PercentEncoding.Encode("100% done"));
        Assert.Equal("100% done", PercentEncoding.Decode("100%25 done"));
    }

    [Fact]
    public void Encodes_non_ascii_as_utf8_bytes()
    {
        // "é" is C3 A9 in UTF-8; the newline is a control character.
        Assert.Equal("caf%C3%A9%0Aok", PercentEncoding.Encode("café\nok"));
    }

    [Theory]
    [InlineData("café")]
    [InlineData("Привет, мир")]
    [InlineData("日本語のエラー")]
    [InlineData("emoji 🎥 live")]
    [InlineData("tab\tand\r\nnewlines")]
    [InlineData("%%%41")]
    [InlineData("\u007f del and ~ tilde")]
    [InlineData("")]
    public void Round_trips(string text)
    {
        var encoded = PercentEncoding.Encode(text);
        Assert.All(encoded, c => Assert.InRange(c, ' ', '~'));
        Assert.Equal(text, PercentEncoding.Decode(encoded));
    }

    [Fact]
    public void Decodes_lower_case_hex()
    {
        Assert.Equal("café", PercentEncoding.Decode("caf%c3%a9"));
    }

    [Theory]
    [InlineData("50%")]
    [InlineData("50%2")]
    [InlineData("%zz")]
    [InlineData("a%g1b")]
    public void Keeps_malformed_escapes_as_they_are(string text)
    {
        Assert.Equal(text, PercentEncoding.Decode(text));
    }
}
