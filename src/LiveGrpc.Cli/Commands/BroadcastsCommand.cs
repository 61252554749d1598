using System.CommandLine;
using LiveGrpc.Cli.Output;
using LiveGrpc.V1;

namespace LiveGrpc.Cli.Commands;

/// <summary>`livegrpc broadcasts`: ListBroadcasts, a stream's history of going live.</summary>
public static class BroadcastsCommand
{
    public static Command Build(CommandRunner runner)
    {
        var streamId = CommonSymbols.StreamId();
        var pageSize = CommonSymbols.PageSize();
        var pageToken = CommonSymbols.PageToken();
        var command = new Command("broadcasts", "List a stream's broadcasts, newest first: start, end, reason, peak and total viewers.")
        {
            streamId, pageSize, pageToken,
        };
        command.WithExamples(
            """
              livegrpc broadcasts st_4f9c2a7d1b3e
              livegrpc broadcasts st_4f9c2a7d1b3e --json | jq '.broadcasts[0].peakViewers'
            """);
        runner.SetAction(command, async context =>
        {
            var id = context.Value(streamId);
            var request = new ListBroadcastsRequest { StreamId = id, PageSize = context.Value(pageSize), PageToken = context.Value(pageToken) ?? "" };
            var response = await context.Streams.ListBroadcastsAsync(request, context.Call());
            context.Printer.Result(response, () => TextFormat.BroadcastTable(response.Broadcasts));
            if (!context.Printer.Json && response.NextPageToken.Length > 0)
            {
                context.Printer.Notice($"more: livegrpc broadcasts {id} --page-token {response.NextPageToken}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
