using Google.Protobuf;

namespace LiveGrpc.Cli.Output;

/// <summary>
/// Where results go. Results go to stdout (text, or proto JSON with --json); notices, warnings
/// and progress go to stderr so `--json | jq` and `$(livegrpc ...)` see only the result.
/// </summary>
public sealed class Printer(CliEnvironment environment, bool json)
{
    // Proto JSON as the contract defines it, with zero values kept: a script reading
    // .viewerCount should get 0, not a missing key.
    private static readonly JsonFormatter Indented = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithIndentation("  "));
    private static readonly JsonFormatter Compact = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public bool Json => json;

    /// <summary>A whole response: indented proto JSON, or <paramref name="text"/>.</summary>
    public void Result(IMessage message, Func<string> text) =>
        environment.Out.WriteLine(json ? Indented.Format(message) : text());

    /// <summary>One message of a stream: a single JSON line (NDJSON), or <paramref name="text"/>.</summary>
    public void StreamItem(IMessage message, Func<string> text)
    {
        environment.Out.WriteLine(json ? Compact.Format(message) : text());
        environment.Out.Flush();
    }

    public void Notice(string text)
    {
        environment.Error.WriteLine(text);
        environment.Error.Flush();
    }
}
