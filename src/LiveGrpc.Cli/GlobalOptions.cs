using System.CommandLine;
using LiveGrpc.Cli.Parsing;

namespace LiveGrpc.Cli;

/// <summary>Options every command takes (declared once on the root as recursive options).</summary>
public sealed class GlobalOptions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public Option<string?> Server { get; } = new("--server", "-s")
    {
        Description = $"gRPC address of the LiveGrpc server, http://host:port (h2c) or https://host:port. Default: ${CliEnvironment.ServerVariable}, else {CliEnvironment.DefaultServer}.",
        HelpName = "url",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print responses as proto JSON (one object per line for watch), and errors as JSON on stderr.",
        Recursive = true,
    };

    public Option<TimeSpan?> Timeout { get; } = new("--timeout")
    {
        Description = $"Deadline for each call, e.g. 5s, 1m. Default: {Durations.Format(DefaultTimeout)}.",
        HelpName = "duration",
        Recursive = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (Durations.TryParse(text, out var value) && value > TimeSpan.Zero)
            {
                return value;
            }
            result.AddError($"--timeout: \"{text}\" is not a positive duration (e.g. 10s, 2m).");
            return null;
        },
    };

    public void AddTo(RootCommand root)
    {
        root.Add(Server);
        root.Add(Json);
        root.Add(Timeout);
    }
}
