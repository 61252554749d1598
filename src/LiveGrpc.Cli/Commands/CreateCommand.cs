using System.CommandLine;
using LiveGrpc.Cli.Output;
using LiveGrpc.Cli.Parsing;
using LiveGrpc.V1;

namespace LiveGrpc.Cli.Commands;

/// <summary>`livegrpc create`: CreateStream. The only command that ever prints a host secret.</summary>
public static class CreateCommand
{
    public static Command Build(CommandRunner runner)
    {
        var title = new Argument<string>("title") { Description = "What viewers see, 1 to 120 characters." };
        var description = new Option<string?>("--description", "-d") { Description = "Up to 2,000 characters.", HelpName = "text" };
        var visibility = CommonSymbols.Enum<Visibility>("--visibility", ContractEnums.Visibility, "Who can find and watch it (default public).");
        var passcode = new Option<string?>("--passcode") { Description = "Viewer passcode for a private stream, 4 to 64 characters.", HelpName = "passcode" };
        var requestId = new Option<string?>("--request-id")
        {
            Description = "Idempotency key: retrying with the same key returns the same stream and secret (for 24 h). Default: a new key per run, so the automatic retry of a lost call never creates two streams.",
            HelpName = "key",
        };
        var command = new Command("create", "Create a stream and print its host secret (shown only this once).")
        {
            title, description, visibility, passcode, requestId,
        };
        command.WithExamples(
            """
              livegrpc create "Friday demo"
              livegrpc create "Team sync" --visibility private --passcode 4711
              livegrpc create "Nightly" --request-id nightly-2025-03-01 --json | jq -r .hostSecret
            """);
        runner.SetAction(command, async context =>
        {
            var request = new CreateStreamRequest
            {
                Stream = new V1.Stream
                {
                    Title = context.Value(title),
                    Description = context.Value(description) ?? "",
                    Visibility = context.Value(visibility) ?? Visibility.Unspecified,
                    ViewerPasscode = context.Value(passcode) ?? "",
                },
                RequestId = context.Value(requestId) ?? Guid.NewGuid().ToString("N"),
            };
            var response = await context.Streams.CreateStreamAsync(request, context.Call());
            context.Printer.Result(response, () =>
                TextFormat.StreamDetails(response.Stream, ("host secret", response.HostSecret)));
            context.Printer.Notice(
                $"warning: save the host secret now; it is shown only this once (the server keeps a hash).\n" +
                $"         Host actions take it from --secret or ${CliEnvironment.SecretVariable}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
