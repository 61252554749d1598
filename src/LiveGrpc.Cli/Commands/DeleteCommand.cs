using System.CommandLine;
using LiveGrpc.V1;

namespace LiveGrpc.Cli.Commands;

/// <summary>`livegrpc delete`: DeleteStream (ends a live broadcast first).</summary>
public static class DeleteCommand
{
    public static Command Build(CommandRunner runner)
    {
        var streamId = CommonSymbols.StreamId();
        var secret = CommonSymbols.Secret("required");
        var command = new Command("delete", "Delete a stream, ending its broadcast first if it is live.") { streamId, secret };
        command.WithExamples(
            """
              livegrpc delete st_4f9c2a7d1b3e
            """);
        runner.SetAction(command, async context =>
        {
            var id = context.Value(streamId);
            var response = await context.Streams.DeleteStreamAsync(new DeleteStreamRequest { StreamId = id }, context.HostCall(secret));
            context.Printer.Result(response, () => $"deleted {id}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
