using System.Text.Json;
using LiveGrpc.Cli.Tests.Support;

namespace LiveGrpc.Cli.Tests.EndToEnd;

/// <summary>
/// What needs whole processes: Ctrl-C on the real executable, and a host's watch riding out a
/// server crash and restart. Own server, because this class restarts it.
/// </summary>
public sealed class ProcessLevelTests(ServerProcess server) : IClassFixture<ServerProcess>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync([.. args, "--server", server.GrpcAddress]);

    private async Task<(string Id, string Secret)> CreateAndStartAsync()
    {
        var create = await Run("create", "Process test", "--json");
        Assert.True(create.ExitCode == 0, create.ToString());
        using var doc = JsonDocument.Parse(create.Out);
        var id = doc.RootElement.GetProperty("stream").GetProperty("id").GetString()!;
        var secret = doc.RootElement.GetProperty("hostSecret").GetString()!;
        var start = await Run("start", id, "--secret", secret);
        Assert.True(start.ExitCode == 0, start.ToString());
        return (id, secret);
    }

    [Fact]
    public async Task Ctrl_C_ends_the_real_executable_cleanly_and_releases_the_viewer()
    {
        var (id, secret) = await CreateAndStartAsync();
        await using var host = new BackgroundCli(null, "watch", id, "--secret", secret, "--server", server.GrpcAddress);
        await host.Out.WaitForAsync(t => t.Contains(" LIVE"), "LIVE at the host", Patience);

        await using var viewer = new CliProcess("watch", id, "--server", server.GrpcAddress);
        await host.Out.WaitForAsync(t => t.Contains("viewers: 1 "), "the viewer process counted", Patience);
        await viewer.Out.WaitForAsync(t => t.Contains("viewers: 1 "), "the viewer process printing its count", Patience);

        Assert.Equal(0, await viewer.InterruptAsync(Patience));
        Assert.Contains("Stopped watching.", viewer.Error.Text);
        await host.Out.WaitForAsync(t => t.Contains("viewers: 0 "), "the count back to 0 after Ctrl-C", Patience);
        Assert.Equal(0, await host.InterruptAsync());
    }

    [Fact]
    public async Task The_hosts_watch_reconnects_after_a_server_restart_and_the_stream_stays_live()
    {
        var (id, secret) = await CreateAndStartAsync();
        await using var host = new BackgroundCli(null, "watch", id, "--secret", secret, "--server", server.GrpcAddress);
        await host.Out.WaitForAsync(t => t.Contains(" LIVE"), "LIVE at the host", Patience);
        var before = host.Out.Text.Length;

        await server.RestartAsync();

        await host.Error.WaitForAsync(t => t.Contains("reconnecting in"), "the watch noticing the drop", Patience);
        // Back inside the grace window: the same broadcast goes on, never OFFLINE.
        var get = await Run("get", id);
        var deadline = DateTime.UtcNow + Patience;
        while (!get.Out.Contains("LIVE") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            get = await Run("get", id);
        }
        Assert.Matches(@"status\s+LIVE", get.Out);
        // The re-opened watch printed the fresh snapshot (a newer version), and nothing ended.
        await host.Out.WaitForAsync(t => t[before..].Contains(" LIVE"), "LIVE again in the host's watch", Patience);
        Assert.DoesNotContain("OFFLINE", host.Out.Text[before..]);
        Assert.Equal(0, await host.InterruptAsync());
    }
}
