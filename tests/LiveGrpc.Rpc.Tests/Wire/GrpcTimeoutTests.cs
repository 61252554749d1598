using LiveGrpc.Rpc.Wire;

namespace LiveGrpc.Rpc.Tests.Wire;

public class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("7u", 70L)]
    [InlineData("1500n", 15L)]
    [InlineData("0S", 0L)]
    [InlineData("99999999S", 999_999_990_000_000L)]
    public void Parses_every_unit(string value, long expectedTicks)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(expectedTicks, timeout.Ticks);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")]
    [InlineData("10x")]
    [InlineData("-1S")]
    [InlineData("1.5S")]
    [InlineData(" 1S")]
    [InlineData("123456789S")]
    public void Rejects_malformed_values(string? value)
    {
        Assert.False(GrpcTimeout.TryParse(value, out _));
    }

    [Theory]
    [InlineData(0L, "0u")]
    [InlineData(10L, "1u")]
    [InlineData(2_500_000L, "250000u")]
    [InlineData(999_999_990L, "99999999u")]
    [InlineData(1_000_000_000L, "100000m")]
    [InlineData(1_000_000_000_000L, "100000S")]
    public void Formats_with_the_finest_unit_that_fits_eight_digits(long ticks, string expected)
    {
        Assert.Equal(expected, GrpcTimeout.Format(TimeSpan.FromTicks(ticks)));
    }

    [Fact]
    public void Formats_negative_as_zero_and_huge_as_at_most_eight_digits()
    {
        Assert.Equal("0u", GrpcTimeout.Format(TimeSpan.FromSeconds(-5)));
        var huge = GrpcTimeout.Format(TimeSpan.MaxValue);
        Assert.True(huge.Length <= 9, huge);
        Assert.True(GrpcTimeout.TryParse(huge, out _));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(12_345L)]
    [InlineData(30_000_000L)]
    [InlineData(864_000_000_000L)]
    public void Format_then_parse_does_not_lengthen_the_timeout(long ticks)
    {
        var original = TimeSpan.FromTicks(ticks);
        Assert.True(GrpcTimeout.TryParse(GrpcTimeout.Format(original), out var parsed));
        Assert.True(parsed <= original, $"{parsed} > {original}");
        // Truncation loses less than one unit of the chosen precision (at most a millisecond here).
        Assert.True(original - parsed < TimeSpan.FromMilliseconds(1), $"{original} vs {parsed}");
    }
}
