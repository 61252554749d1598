using LiveGrpc.Cli.Tests.Support;

namespace LiveGrpc.Cli.Tests.Units;

/// <summary>The command line as a whole, through the real entry point, where no server is needed.</summary>
public sealed class CommandLineTests
{
    // Port 9 (discard) is closed on loopback: anything that reaches the network fails fast with UNAVAILABLE.
    private const string Nowhere = "http://127.0.0.1:9";

    public static TheoryData<string> Commands =>
        ["create", "list", "get", "update", "start", "stop", "delete", "token", "invite", "broadcasts", "watch"];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_command_has_help_with_examples(string command)
    {
        var result = await CliRunner.RunAsync(command, "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"livegrpc {command}", result.Out);
        Assert.Contains("Examples:", result.Out);
        Assert.Contains("--server", result.Out);
        Assert.Contains("--json", result.Out);
    }

    [Fact]
    public async Task Root_help_lists_commands_environment_and_exit_codes()
    {
        var result = await CliRunner.RunAsync("--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var command in Commands)
        {
            Assert.Contains("  " + command, result.Out);
        }
        Assert.Contains("LIVEGRPC_SERVER", result.Out);
        Assert.Contains("LIVEGRPC_HOST_SECRET", result.Out);
        Assert.Contains("130  interrupted", result.Out);
    }

    [Fact]
    public async Task No_command_shows_help_and_exits_2()
    {
        var result = await CliRunner.RunAsync();
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Commands:", result.Out);
    }

    [Theory]
    [InlineData("error: Required argument missing for command: 'get'.", "get")]
    [InlineData("\"bogus\" is not one of offline, starting, live, reconnecting, stopping", "list", "--status", "bogus")]
    [InlineData("--timeout: \"0\" is not a positive duration", "get", "st_1", "--timeout", "0")]
    [InlineData("--ttl: \"soon\" is not a duration", "invite", "st_1", "--ttl", "soon")]
    [InlineData("Unrecognized command or argument '--colour'", "list", "--colour")]
    [InlineData("\"ftp://x\" is not a server address", "get", "st_1", "--server", "ftp://x")]
    [InlineData("Nothing to update", "update", "st_1", "--secret", "s")]
    [InlineData("--follow watches without a token", "watch", "st_1", "--follow", "--viewer")]
    public async Task Usage_errors_exit_2_with_a_pointer_to_help(string message, params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Contains($"Run 'livegrpc {args[0]} --help' for usage.", result.Error);
        Assert.Equal("", result.Out);
    }

    [Theory]
    [InlineData("start")]
    [InlineData("stop")]
    [InlineData("delete")]
    [InlineData("invite")]
    public async Task Host_actions_without_a_secret_say_where_to_put_it(string command)
    {
        var result = await CliRunner.RunAsync(command, "st_1", "--server", Nowhere);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("pass --secret or set $LIVEGRPC_HOST_SECRET", result.Error);
    }

    [Fact]
    public async Task The_secret_from_the_environment_counts_and_is_never_echoed()
    {
        var env = new Dictionary<string, string> { ["LIVEGRPC_HOST_SECRET"] = "lgs_do-not-print-me", ["LIVEGRPC_SERVER"] = Nowhere };
        var result = await CliRunner.RunAsync(env, "start", "st_1");
        // Past the secret check, so the call was attempted and the closed port answered.
        Assert.Equal(ExitCodes.Unavailable, result.ExitCode);
        Assert.Contains("error: UNAVAILABLE", result.Error);
        Assert.Contains("is a LiveGrpc server listening on http://127.0.0.1:9?", result.Error);
        Assert.DoesNotContain("do-not-print-me", result.Error + result.Out);
    }

    [Fact]
    public async Task A_secret_that_cannot_be_metadata_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("stop", "st_1", "--secret", "two words", "--server", Nowhere);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("cannot be sent as metadata", result.Error);
        Assert.DoesNotContain("two words", result.Error);
    }

    [Fact]
    public async Task Json_mode_reports_errors_as_json_on_stderr()
    {
        var usage = await CliRunner.RunAsync("get", "--json");
        Assert.Equal(ExitCodes.Usage, usage.ExitCode);
        Assert.StartsWith("{\"error\":{\"code\":\"USAGE\"", usage.Error);

        var unreachable = await CliRunner.RunAsync("get", "st_1", "--json", "--server", Nowhere);
        Assert.Equal(ExitCodes.Unavailable, unreachable.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(unreachable.Error);
        Assert.Equal("UNAVAILABLE", doc.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Watch_fails_fast_when_the_server_is_down_at_start()
    {
        var result = await CliRunner.RunAsync("watch", "st_1", "--follow", "--server", Nowhere);
        Assert.Equal(ExitCodes.Unavailable, result.ExitCode);
        Assert.Contains("error: UNAVAILABLE", result.Error);
    }
}
