using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using LiveGrpc.Cli.Commands;

namespace LiveGrpc.Cli;

/// <summary>The `livegrpc` command tree and its entry point; Program and the tests both call <see cref="RunAsync"/>.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var globals = new GlobalOptions();
        var root = BuildRoot(new CommandRunner(globals, environment));
        var parseResult = root.Parse(args);
        if (parseResult.Action is ParseErrorAction)
        {
            // Our own wording and exit code 2 (System.CommandLine uses 1, which scripts would
            // confuse with a failed call).
            var message = string.Join("\n", parseResult.Errors.Select(e => e.Message));
            CommandRunner.WriteUsageError(environment, parseResult.GetValue(globals.Json), message, CommandRunner.CommandPath(parseResult));
            return ExitCodes.Usage;
        }
        var configuration = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            // Program owns Ctrl-C (it cancels `cancellation`), so in-process callers such as tests
            // are not tied to the console's signals.
            ProcessTerminationTimeout = null,
        };
        var exitCode = await parseResult.InvokeAsync(configuration, cancellation).ConfigureAwait(false);
        await environment.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return exitCode;
    }

    public static RootCommand BuildRoot(CommandRunner runner)
    {
        var root = new RootCommand(
            "livegrpc: create, control and watch LiveGrpc streams over gRPC.\n" +
            "Host actions need the stream's host secret (--secret or $" + CliEnvironment.SecretVariable + ").");
        runner.Globals.AddTo(root);
        Command[] commands =
        [
            CreateCommand.Build(runner),
            ListCommand.Build(runner),
            GetCommand.Build(runner),
            UpdateCommand.Build(runner),
            StartCommand.Build(runner),
            StopCommand.Build(runner),
            DeleteCommand.Build(runner),
            TokenCommand.Build(runner),
            InviteCommand.Build(runner),
            BroadcastsCommand.Build(runner),
            WatchCommand.Build(runner),
        ];
        foreach (var command in commands)
        {
            root.Add(command);
        }
        HelpEpilogue.Attach(root);
        // `livegrpc` alone: show what it can do rather than a bare "command required".
        var help = root.Options.OfType<HelpOption>().Single();
        root.SetAction(parseResult =>
        {
            (help.Action as SynchronousCommandLineAction)?.Invoke(parseResult);
            return ExitCodes.Usage;
        });
        return root;
    }
}
