using System.CommandLine;
using LiveGrpc.Cli.Output;
using LiveGrpc.V1;

namespace LiveGrpc.Cli.Commands;

/// <summary>`livegrpc get`: GetStream.</summary>
public static class GetCommand
{
    public static Command Build(CommandRunner runner)
    {
        var streamId = CommonSymbols.StreamId();
        var command = new Command("get", "Show a stream: status, viewers, current broadcast.") { streamId };
        command.WithExamples(
            """
              livegrpc get st_4f9c2a7d1b3e
              livegrpc get st_4f9c2a7d1b3e --json | jq -r .status
            """);
        runner.SetAction(command, async context =>
        {
            var response = await context.Streams.GetStreamAsync(new GetStreamRequest { StreamId = context.Value(streamId) }, context.Call());
            context.Printer.Result(response.Stream, () => TextFormat.StreamDetails(response.Stream));
            return ExitCodes.Ok;
        });
        return command;
    }
}
