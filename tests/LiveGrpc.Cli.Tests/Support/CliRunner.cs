using LiveGrpc.Cli;

namespace LiveGrpc.Cli.Tests.Support;

/// <summary>One finished CLI invocation.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs the CLI's real entry point in-process with captured output and a controlled environment.</summary>
public static class CliRunner
{
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var output = new LiveOutput();
        var error = new LiveOutput();
        var exitCode = await CliApp.RunAsync(args, Environment(output, error, environment));
        return new CliResult(exitCode, output.Text, error.Text);
    }

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>An environment with only the given variables, so the machine's own LIVEGRPC_* never leak into a test.</summary>
    public static CliEnvironment Environment(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string>? variables = null) =>
        new(output, error, name => variables is not null && variables.TryGetValue(name, out var value) ? value : null);
}
