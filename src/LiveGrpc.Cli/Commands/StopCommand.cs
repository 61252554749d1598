using System.CommandLine;
using LiveGrpc.Cli.Output;
using LiveGrpc.V1;

namespace LiveGrpc.Cli.Commands;

/// <summary>`livegrpc stop`: StopStream (idempotent: an offline stream answers OK).</summary>
public static class StopCommand
{
    public static Command Build(CommandRunner runner)
    {
        var streamId = CommonSymbols.StreamId();
        var secret = CommonSymbols.Secret("required");
        var command = new Command("stop", "Go offline and end the current broadcast.") { streamId, secret };
        command.WithExamples(
            """
              livegrpc stop st_4f9c2a7d1b3e
            """);
        runner.SetAction(command, async context =>
        {
            var response = await context.Streams.StopStreamAsync(new StopStreamRequest { StreamId = context.Value(streamId) }, context.HostCall(secret));
            context.Printer.Result(response, () => response.Broadcast is { } ended
                ? TextFormat.StreamDetails(response.Stream, ("ended", TextFormat.BroadcastSummary(ended)))
                : TextFormat.StreamDetails(response.Stream));
            if (response.Broadcast is null)
            {
                context.Printer.Notice("note: the stream was already offline.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
