using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using LiveGrpc.Cli.Output;
using LiveGrpc.Cli.Parsing;
using LiveGrpc.V1;

namespace LiveGrpc.Cli.Commands;

/// <summary>`livegrpc update`: UpdateStream with an update_mask of exactly the options given.</summary>
public static class UpdateCommand
{
    public static Command Build(CommandRunner runner)
    {
        var streamId = CommonSymbols.StreamId();
        var title = new Option<string?>("--title") { Description = "New title, 1 to 120 characters.", HelpName = "text" };
        var description = new Option<string?>("--description", "-d") { Description = "New description; \"\" clears it.", HelpName = "text" };
        var visibility = CommonSymbols.Enum<Visibility>("--visibility", ContractEnums.Visibility, "New visibility.");
        var passcode = new Option<string?>("--passcode") { Description = "New viewer passcode for a private stream.", HelpName = "passcode" };
        var secret = CommonSymbols.Secret("required");
        var command = new Command("update", "Change a stream's title, description, visibility or passcode.")
        {
            streamId, title, description, visibility, passcode, secret,
        };
        command.WithExamples(
            """
              livegrpc update st_4f9c2a7d1b3e --title "Friday demo, part 2"
              livegrpc update st_4f9c2a7d1b3e --visibility private --passcode 4711
            """);
        runner.SetAction(command, async context =>
        {
            var stream = new V1.Stream { Id = context.Value(streamId) };
            var mask = new FieldMask();
            // Presence, not value, decides the mask: `--description ""` must clear the field.
            if (context.ParseResult.GetResult(title) is not null)
            {
                stream.Title = context.Value(title) ?? "";
                mask.Paths.Add("title");
            }
            if (context.ParseResult.GetResult(description) is not null)
            {
                stream.Description = context.Value(description) ?? "";
                mask.Paths.Add("description");
            }
            if (context.Value(visibility) is { } newVisibility)
            {
                stream.Visibility = newVisibility;
                mask.Paths.Add("visibility");
            }
            if (context.ParseResult.GetResult(passcode) is not null)
            {
                stream.ViewerPasscode = context.Value(passcode) ?? "";
                mask.Paths.Add("viewer_passcode");
            }
            if (mask.Paths.Count == 0)
            {
                throw new UsageException("Nothing to update: give at least one of --title, --description, --visibility, --passcode.");
            }
            var options = context.HostCall(secret);
            var response = await context.Streams.UpdateStreamAsync(new UpdateStreamRequest { Stream = stream, UpdateMask = mask }, options);
            context.Printer.Result(response.Stream, () => TextFormat.StreamDetails(response.Stream));
            return ExitCodes.Ok;
        });
        return command;
    }
}
