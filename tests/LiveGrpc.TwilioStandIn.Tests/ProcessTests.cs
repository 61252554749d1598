using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LiveGrpc.TwilioStandIn.Tests.Support;
using Twilio.Rest.Video.V1;

namespace LiveGrpc.TwilioStandIn.Tests;

/// <summary>The stand-in as a separate process, started the way Node and browser tests start it.</summary>
public sealed class ProcessTests
{
    private const string ReadyPrefix = "TwilioStandIn ready ";

    [Fact]
    public async Task TheProcess_PrintsItsAddressAndAccountOnOneLine_AndServesTwilioAndTheControlApi()
    {
        var accountSid = "AC" + new string('1', 32);
        using var process = Start("--urls", "http://127.0.0.1:0", $"--StandIn:AccountSid={accountSid}");
        try
        {
            var ready = await ReadyLineAsync(process);
            var identity = JsonNode.Parse(ready[ReadyPrefix.Length..])!;
            var baseAddress = new Uri((string)identity["baseAddress"]!);
            var (client, _) = TwilioSdk.Client(baseAddress, accountSid, (string)identity["apiKeySid"]!, (string)identity["apiKeySecret"]!);

            var room = await RoomResource.CreateAsync(uniqueName: "stage", client: client);
            using var control = new HttpClient { BaseAddress = baseAddress };
            var token = TwilioSdk.VideoToken(accountSid, (string)identity["apiKeySid"]!, (string)identity["apiKeySecret"]!, "host-1", "stage");
            using var joined = await control.PostAsJsonAsync("/_standin/participants", new { token });
            var requests = await control.GetFromJsonAsync<JsonArray>("/_standin/requests");

            Assert.Equal("127.0.0.1", baseAddress.Host);
            Assert.NotEqual(0, baseAddress.Port);
            Assert.Equal(accountSid, (string)identity["accountSid"]!);
            Assert.Matches("^SK[0-9a-f]{32}$", (string)identity["apiKeySid"]!);
            Assert.Equal(accountSid, room.AccountSid);
            Assert.Equal(System.Net.HttpStatusCode.Created, joined.StatusCode);
            Assert.Equal("CreateRoom", (string)Assert.Single(requests!)!["operationId"]!);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task TheProcess_WithAnInvalidSetting_SaysWhichOnOneLineAndExitsWith2()
    {
        using var process = Start("--StandIn:ApiKeySid=not-a-key");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("StandIn:ApiKeySid", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    private static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(StandInDll());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_NOLOGO"] = "1";
        return Process.Start(start)!;
    }

    private static async Task<string> ReadyLineAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            {
                return line;
            }
        }
        throw new InvalidOperationException($"The stand-in exited before it was ready: {await process.StandardError.ReadToEndAsync()}");
    }

    /// <summary>The stand-in project's own build output, in the configuration these tests were built in.</summary>
    private static string StandInDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "LiveGrpc.sln")))
        {
            root = root.Parent;
        }
        var dll = Path.Combine(root!.FullName, "tests", "LiveGrpc.TwilioStandIn", "bin", configuration, testOutput.Name, "LiveGrpc.TwilioStandIn.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build tests/LiveGrpc.TwilioStandIn first", dll);
    }
}
