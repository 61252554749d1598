using System.CommandLine;
using LiveGrpc.Cli.Output;
using LiveGrpc.Cli.Parsing;
using LiveGrpc.V1;

namespace LiveGrpc.Cli.Commands;

/// <summary>`livegrpc list`: ListStreams, one page or (with --all) every page.</summary>
public static class ListCommand
{
    // Guards --all against a server that keeps handing out tokens.
    private const int MaxPages = 1000;

    public static Command Build(CommandRunner runner)
    {
        var status = CommonSymbols.Enum<StreamStatus>("--status", ContractEnums.StreamStatus, "Only streams in this status.");
        var title = new Option<string?>("--title") { Description = "Only streams whose title contains this text (case-insensitive).", HelpName = "text" };
        var pageSize = CommonSymbols.PageSize();
        var pageToken = CommonSymbols.PageToken();
        var all = new Option<bool>("--all") { Description = "Follow next page tokens and print every match." };
        var command = new Command("list", "List public streams, newest first.") { status, title, pageSize, pageToken, all };
        command.WithExamples(
            """
              livegrpc list --status live
              livegrpc list --title demo --all --json | jq -r '.streams[].id'
            """);
        runner.SetAction(command, async context =>
        {
            var request = new ListStreamsRequest
            {
                Status = context.Value(status) ?? StreamStatus.Unspecified,
                TitleQuery = context.Value(title) ?? "",
                PageSize = context.Value(pageSize),
                PageToken = context.Value(pageToken) ?? "",
            };
            var response = await context.Streams.ListStreamsAsync(request, context.Call());
            if (context.Value(all))
            {
                var combined = new ListStreamsResponse();
                combined.Streams.Add(response.Streams);
                for (var page = 1; response.NextPageToken.Length > 0 && page < MaxPages; page++)
                {
                    request.PageToken = response.NextPageToken;
                    response = await context.Streams.ListStreamsAsync(request, context.Call());
                    combined.Streams.Add(response.Streams);
                }
                combined.NextPageToken = response.NextPageToken;
                response = combined;
            }
            context.Printer.Result(response, () => TextFormat.StreamTable(response.Streams));
            if (!context.Printer.Json && response.NextPageToken.Length > 0)
            {
                context.Printer.Notice($"more: livegrpc list --page-token {response.NextPageToken}  (or --all)");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
