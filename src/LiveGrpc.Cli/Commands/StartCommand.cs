using System.CommandLine;
using LiveGrpc.Cli.Output;
using LiveGrpc.V1;

namespace LiveGrpc.Cli.Commands;

/// <summary>`livegrpc start`: StartStream (idempotent: a live stream returns its current broadcast).</summary>
public static class StartCommand
{
    public static Command Build(CommandRunner runner)
    {
        var streamId = CommonSymbols.StreamId();
        var secret = CommonSymbols.Secret("required");
        var command = new Command("start", "Go live. The stream is STARTING until the host's publisher session connects.") { streamId, secret };
        command.WithExamples(
            """
              livegrpc start st_4f9c2a7d1b3e && livegrpc watch st_4f9c2a7d1b3e   # watch holds the host's session
            """);
        runner.SetAction(command, async context =>
        {
            var id = context.Value(streamId);
            var response = await context.Streams.StartStreamAsync(new StartStreamRequest { StreamId = id }, context.HostCall(secret));
            context.Printer.Result(response, () => TextFormat.StreamDetails(response.Stream));
            if (response.Stream.Status == StreamStatus.Starting)
            {
                // Otherwise a person wonders why it never turns LIVE, and it ends as HOST_DISCONNECTED.
                context.Printer.Notice(
                    $"note: {id} goes LIVE when the host connects: `livegrpc watch {id}` with the host secret, or the host dashboard.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
