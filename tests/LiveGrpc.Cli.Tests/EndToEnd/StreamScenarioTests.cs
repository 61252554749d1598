using System.Text.Json;
using System.Text.RegularExpressions;
using LiveGrpc.Cli.Tests.Support;

namespace LiveGrpc.Cli.Tests.EndToEnd;

/// <summary>
/// What a person does with the CLI, against the real server process: go live from one terminal,
/// watch from another, see LIVE and the viewer count come and go, stop, see OFFLINE.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class StreamScenarioTests(ServerProcess server)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync([.. args, "--server", server.GrpcAddress]);

    private BackgroundCli Start(params string[] args) => new(null, [.. args, "--server", server.GrpcAddress]);

    private async Task<(string Id, string Secret)> CreateAsync(params string[] extra)
    {
        var result = await Run(["create", "CLI test " + Guid.NewGuid().ToString("N")[..6], "--json", .. extra]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        return (doc.RootElement.GetProperty("stream").GetProperty("id").GetString()!, doc.RootElement.GetProperty("hostSecret").GetString()!);
    }

    [Fact]
    public async Task Host_goes_live_from_a_terminal_and_sees_viewers_come_and_go()
    {
        var (id, secret) = await CreateAsync();

        var start = await Run("start", id, "--secret", secret);
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Matches(@"status\s+STARTING", start.Out);
        Assert.Contains("goes LIVE when the host connects", start.Error);

        await using var host = Start("watch", id, "--secret", secret);
        await host.Out.WaitForAsync(t => LiveLine().IsMatch(t), "the host's watch to show LIVE", Patience);
        Assert.Contains("as the host", host.Error.Text);

        var get = await Run("get", id);
        Assert.Matches(@"status\s+LIVE", get.Out);

        await using (var viewer = Start("watch", id))
        {
            await host.Out.WaitForAsync(t => t.Contains("viewers: 1 "), "viewer count 1 at the host", Patience);
            await viewer.Out.WaitForAsync(t => t.Contains("viewers: 1 "), "viewer count 1 at the viewer", Patience);
            Assert.Contains("as a viewer (counted)", viewer.Error.Text);

            // Ctrl-C: a clean exit that releases the viewer's session.
            Assert.Equal(0, await viewer.InterruptAsync());
            Assert.Contains("Stopped watching.", viewer.Error.Text);
        }
        await host.Out.WaitForAsync(t => t.Contains("viewers: 0 "), "viewer count back to 0 at the host", Patience);

        var stop = await Run("stop", id, "--secret", secret);
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Matches(@"ended\s+bc_\w+ since .* HOST_STOPPED \(peak 1, total 1\)", stop.Out);
        await host.Out.WaitForAsync(t => t.Contains("status: OFFLINE (broadcast"), "OFFLINE at the host", Patience);
        Assert.Contains("HOST_STOPPED", host.Out.Text);

        Assert.Equal(0, await host.InterruptAsync());
        Assert.Contains("publisher session released", host.Error.Text);

        var broadcasts = await Run("broadcasts", id, "--json");
        using var doc = JsonDocument.Parse(broadcasts.Out);
        var last = doc.RootElement.GetProperty("broadcasts")[0];
        Assert.Equal("END_REASON_HOST_STOPPED", last.GetProperty("endReason").GetString());
        Assert.Equal(1, last.GetProperty("peakViewers").GetInt32());
    }

    [Fact]
    public async Task Followers_are_not_counted_and_see_the_stream_deleted()
    {
        var (id, secret) = await CreateAsync();
        await using var follower = Start("watch", id, "--follow", "--json");
        await follower.Out.WaitForAsync(t => t.Contains("\"snapshot\""), "the follower's snapshot", Patience);

        var get = await Run("get", id, "--json");
        using (var doc = JsonDocument.Parse(get.Out))
        {
            Assert.Equal(0, doc.RootElement.GetProperty("viewerCount").GetInt32());
        }

        var delete = await Run("delete", id, "--secret", secret);
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.Equal($"deleted {id}\n", delete.Out.Replace("\r\n", "\n"));

        // The watch ends by itself after the deletion event, with exit code 0.
        Assert.Equal(0, await follower.Completion.WaitAsync(Patience));
        var lines = follower.Out.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => JsonDocument.Parse(line).Dispose());
        Assert.Contains("\"streamDeleted\"", lines[^1]);
    }

    [Fact]
    public async Task Unknown_stream_is_NOT_FOUND_with_exit_code_3()
    {
        var result = await Run("get", "st_000000000000");
        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.StartsWith("error: NOT_FOUND: ", result.Error);
        Assert.Contains("st_000000000000", result.Error);
        Assert.Equal("", result.Out);

        var watch = await Run("watch", "st_000000000000", "--follow");
        Assert.Equal(ExitCodes.NotFound, watch.ExitCode);
        Assert.Contains("error: NOT_FOUND", watch.Error);
    }

    [Fact]
    public async Task Wrong_secret_is_PERMISSION_DENIED_with_exit_code_4()
    {
        var (id, _) = await CreateAsync();
        var start = await Run("start", id, "--secret", "lgs_not-the-secret");
        Assert.Equal(ExitCodes.Auth, start.ExitCode);
        Assert.StartsWith("error: PERMISSION_DENIED", start.Error);
        Assert.DoesNotContain("lgs_not-the-secret", start.Error);

        var watch = await Run("watch", id, "--secret", "lgs_not-the-secret");
        Assert.Equal(ExitCodes.Auth, watch.ExitCode);
        Assert.Contains("PERMISSION_DENIED", watch.Error);

        var get = await Run("get", id);
        Assert.Matches(@"status\s+OFFLINE", get.Out);
    }

    [Fact]
    public async Task Invalid_input_is_INVALID_ARGUMENT_with_field_violations()
    {
        var text = await Run("create", "   ");
        Assert.Equal(ExitCodes.Rejected, text.ExitCode);
        Assert.StartsWith("error: INVALID_ARGUMENT", text.Error);
        Assert.Contains("stream.title", text.Error);

        var json = await Run("create", "   ", "--json");
        Assert.Equal(ExitCodes.Rejected, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Error);
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal("INVALID_ARGUMENT", error.GetProperty("code").GetString());
        Assert.Equal("stream.title", error.GetProperty("fieldViolations")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Create_shows_the_secret_once_with_a_warning_and_update_list_get_agree()
    {
        var title = "Shown once " + Guid.NewGuid().ToString("N")[..6];
        var create = await Run("create", title, "--description", "first");
        Assert.Equal(0, create.ExitCode);
        var id = IdRow().Match(create.Out).Groups[1].Value;
        var secret = SecretRow().Match(create.Out).Groups[1].Value;
        Assert.StartsWith("st_", id);
        Assert.NotEmpty(secret);
        Assert.Contains("shown only this once", create.Error);

        // The secret from the environment works like --secret and is never printed again.
        var env = new Dictionary<string, string> { ["LIVEGRPC_HOST_SECRET"] = secret, ["LIVEGRPC_SERVER"] = server.GrpcAddress };
        var update = await CliRunner.RunAsync(env, "update", id, "--title", title + " v2", "--description", "");
        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.Matches($@"title\s+{Regex.Escape(title)} v2", update.Out);
        Assert.DoesNotContain("description", update.Out);
        Assert.DoesNotContain(secret, update.Out + update.Error);

        var list = await Run("list", "--title", title, "--json");
        using var doc = JsonDocument.Parse(list.Out);
        Assert.Equal(id, doc.RootElement.GetProperty("streams")[0].GetProperty("id").GetString());

        var table = await Run("list", "--title", title + " v2", "--status", "offline");
        Assert.Matches($@"{id}\s+OFFLINE\s+0\s+PUBLIC\s+{Regex.Escape(title)} v2", table.Out);
    }

    [Fact]
    public async Task Private_streams_need_a_passcode_or_an_invite_for_viewer_tokens()
    {
        var (id, secret) = await CreateAsync("--visibility", "private", "--passcode", "open-sesame");

        var none = await Run("token", id);
        Assert.Equal(ExitCodes.Auth, none.ExitCode);

        var withPasscode = await Run("token", id, "--passcode", "open-sesame", "--name", "Ada");
        Assert.True(withPasscode.ExitCode == 0, withPasscode.ToString());
        Assert.Matches(@"role\s+viewer", withPasscode.Out);
        Assert.Matches(@"media\s+LOCAL via hub", withPasscode.Out);

        var invite = await Run("invite", id, "--secret", secret, "--ttl", "1h", "--json");
        Assert.True(invite.ExitCode == 0, invite.ToString());
        using var doc = JsonDocument.Parse(invite.Out);
        var code = doc.RootElement.GetProperty("inviteCode").GetString()!;

        var withInvite = await Run("token", id, "--invite", code, "--json");
        Assert.True(withInvite.ExitCode == 0, withInvite.ToString());
        Assert.Contains("\"token\"", withInvite.Out);

        var publisher = await Run("token", id, "--secret", secret);
        Assert.True(publisher.ExitCode == 0, publisher.ToString());
        Assert.Matches(@"role\s+publisher", publisher.Out);
    }

    [GeneratedRegex(@"(is|status:) LIVE\b")]
    private static partial Regex LiveLine();

    [GeneratedRegex(@"^id\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex IdRow();

    [GeneratedRegex(@"^host secret\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex SecretRow();
}
