using System.CommandLine;
using LiveGrpc.Cli.Output;
using LiveGrpc.Cli.Parsing;
using Grpc.Core;

namespace LiveGrpc.Cli;

/// <summary>
/// Runs a command body and maps every way it can end to output and an exit code, so each command
/// file holds only its own request and rendering.
/// </summary>
public sealed class CommandRunner(GlobalOptions globals, CliEnvironment environment)
{
    public GlobalOptions Globals => globals;

    public CliEnvironment Environment => environment;

    public void SetAction(Command command, Func<CommandContext, Task<int>> body) =>
        command.SetAction((parseResult, cancellation) => RunAsync(parseResult, cancellation, body));

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellation, Func<CommandContext, Task<int>> body)
    {
        var json = parseResult.GetValue(globals.Json);
        try
        {
            using var context = new CommandContext(parseResult, globals, environment, cancellation);
            try
            {
                return await body(context).ConfigureAwait(false);
            }
            catch (RpcException e) when (!(cancellation.IsCancellationRequested && e.StatusCode == StatusCode.Cancelled))
            {
                environment.Error.WriteLine(json ? ErrorReport.Json(e) : ErrorReport.Text(e, context.Server));
                return ExitCodes.ForStatus(e.StatusCode);
            }
        }
        catch (UsageException e)
        {
            WriteUsageError(environment, json, e.Message, CommandPath(parseResult));
            return ExitCodes.Usage;
        }
        catch (Exception e) when (cancellation.IsCancellationRequested && e is OperationCanceledException or RpcException)
        {
            environment.Error.WriteLine("interrupted");
            return ExitCodes.Interrupted;
        }
    }

    /// <summary>"livegrpc watch" for the command that was parsed; used to point at the right --help.</summary>
    public static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command is RootCommand ? "livegrpc" : result.Command.Name);
        }
        names.Reverse();
        return string.Join(' ', names);
    }

    public static void WriteUsageError(CliEnvironment environment, bool json, string message, string commandPath)
    {
        environment.Error.WriteLine(json ? ErrorReport.UsageJson(message) : $"error: {message}\nRun '{commandPath} --help' for usage.");
    }
}
