using LiveGrpc.Cli.Commands;
using LiveGrpc.Cli.Parsing;
using LiveGrpc.Cli.Tests.Support;
using LiveGrpc.V1;

namespace LiveGrpc.Cli.Tests.Units;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("30", 30)]
    [InlineData("1.5", 1.5)]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("2h", 7200)]
    [InlineData("7d", 604800)]
    [InlineData("1h30m", 5400)]
    [InlineData(" 500MS ", 0.5)]
    public void Durations_accept_what_people_type(string text, double seconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("10x")]
    [InlineData("h")]
    [InlineData("-5s")]
    [InlineData("00:00:10")]
    public void Durations_reject_anything_else(string text) => Assert.False(Durations.TryParse(text, out _));

    [Fact]
    public void Durations_format_round_trips_whole_seconds()
    {
        Assert.Equal("1h30m", Durations.Format(TimeSpan.FromMinutes(90)));
        Assert.Equal("10s", Durations.Format(TimeSpan.FromSeconds(10)));
        Assert.Equal("500ms", Durations.Format(TimeSpan.FromMilliseconds(500)));
        Assert.True(Durations.TryParse(Durations.Format(TimeSpan.FromSeconds(93784)), out var back));
        Assert.Equal(TimeSpan.FromSeconds(93784), back);
    }

    [Theory]
    [InlineData("live", StreamStatus.Live)]
    [InlineData("LIVE", StreamStatus.Live)]
    [InlineData("stream_status_offline", StreamStatus.Offline)]
    [InlineData("Reconnecting", StreamStatus.Reconnecting)]
    public void Enum_values_parse_by_short_or_full_proto_name(string text, StreamStatus expected)
    {
        Assert.True(ProtoEnums.TryParse(ContractEnums.StreamStatus, text, out var number));
        Assert.Equal(expected, (StreamStatus)number);
    }

    [Theory]
    [InlineData("unspecified")]
    [InlineData("STREAM_STATUS_UNSPECIFIED")]
    [InlineData("online")]
    [InlineData("")]
    public void Enum_parsing_never_yields_unspecified_or_unknown(string text) =>
        Assert.False(ProtoEnums.TryParse(ContractEnums.StreamStatus, text, out _));

    [Fact]
    public void Enum_names_come_from_the_proto()
    {
        Assert.Equal("STREAM_STATUS_", ProtoEnums.PrefixOf(ContractEnums.StreamStatus));
        Assert.Equal("END_REASON_", ProtoEnums.PrefixOf(ContractEnums.EndReason));
        Assert.Equal("HOST_DISCONNECTED", ProtoEnums.ShortName(ContractEnums.EndReason, (int)EndReason.HostDisconnected));
        Assert.Equal("public, unlisted, private", ProtoEnums.Choices(ContractEnums.Visibility));
        Assert.Equal("99", ProtoEnums.ShortName(ContractEnums.Visibility, 99));
    }

    [Theory]
    [InlineData("127.0.0.1:5100", "http://127.0.0.1:5100/")]
    [InlineData("localhost:5100", "http://localhost:5100/")]
    [InlineData("https://live.example:443", "https://live.example/")]
    [InlineData("http://[::1]:5100", "http://[::1]:5100/")]
    public void Server_addresses_default_to_h2c(string text, string expected) =>
        Assert.Equal(expected, ServerAddress.Parse(text).ToString());

    [Theory]
    [InlineData("ftp://host:21")]
    [InlineData("http://host:5100/api")]
    [InlineData("http://")]
    [InlineData("not a url")]
    public void Server_addresses_that_cannot_work_are_usage_errors(string text) =>
        Assert.Throws<UsageException>(() => ServerAddress.Parse(text));

    [Fact]
    public void Server_address_comes_from_flag_then_environment_then_default()
    {
        var env = CliRunner.Environment(TextWriter.Null, TextWriter.Null, new Dictionary<string, string> { ["LIVEGRPC_SERVER"] = "10.1.2.3:7000" });
        var none = CliRunner.Environment(TextWriter.Null, TextWriter.Null);
        Assert.Equal("http://127.0.0.1:9/", ServerAddress.Resolve("127.0.0.1:9", env).ToString());
        Assert.Equal("http://10.1.2.3:7000/", ServerAddress.Resolve(null, env).ToString());
        Assert.Equal("http://127.0.0.1:5100/", ServerAddress.Resolve(null, none).ToString());
    }

    [Theory]
    [InlineData(true, false, false, false, Role.Publisher)]
    [InlineData(false, false, false, false, Role.Viewer)]
    [InlineData(true, true, false, false, Role.Viewer)]
    [InlineData(true, false, false, true, Role.Viewer)]
    [InlineData(true, false, true, false, Role.Follower)]
    [InlineData(false, false, true, false, Role.Follower)]
    public void Roles_follow_one_rule(bool hasSecret, bool viewer, bool follow, bool credential, Role expected) =>
        Assert.Equal(expected, Roles.Resolve(hasSecret, viewer, follow, credential));

    [Fact]
    public void Follow_with_viewer_credentials_is_a_contradiction()
    {
        Assert.Throws<UsageException>(() => Roles.Resolve(false, viewer: true, follow: true, hasViewerCredential: false));
        Assert.Throws<UsageException>(() => Roles.Resolve(false, viewer: false, follow: true, hasViewerCredential: true));
    }
}
