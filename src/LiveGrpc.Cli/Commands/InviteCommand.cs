using System.CommandLine;
using LiveGrpc.Cli.Output;
using LiveGrpc.Cli.Parsing;
using LiveGrpc.V1;

namespace LiveGrpc.Cli.Commands;

/// <summary>`livegrpc invite`: CreateInvite, a code that admits viewers to a PRIVATE stream without the passcode.</summary>
public static class InviteCommand
{
    public static Command Build(CommandRunner runner)
    {
        var streamId = CommonSymbols.StreamId();
        var secret = CommonSymbols.Secret("required");
        var ttl = new Option<TimeSpan?>("--ttl")
        {
            Description = "How long the invite admits viewers, 1m to 7d (server default 1d).",
            HelpName = "duration",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (Durations.TryParse(text, out var value) && value >= TimeSpan.FromSeconds(1))
                {
                    return value;
                }
                result.AddError($"--ttl: \"{text}\" is not a duration such as 30m, 12h or 7d.");
                return null;
            },
        };
        var command = new Command("invite", "Mint an invite code for a private stream.") { streamId, secret, ttl };
        command.WithExamples(
            """
              livegrpc invite st_4f9c2a7d1b3e --ttl 2h
              livegrpc watch st_4f9c2a7d1b3e --invite <code>      # what the invitee runs
            """);
        runner.SetAction(command, async context =>
        {
            var request = new CreateInviteRequest
            {
                StreamId = context.Value(streamId),
                // The server validates the range and answers INVALID_ARGUMENT with the limits.
                TtlSeconds = context.Value(ttl) is { } value ? (int)Math.Min(int.MaxValue, value.TotalSeconds) : 0,
            };
            var response = await context.Tokens.CreateInviteAsync(request, context.HostCall(secret));
            context.Printer.Result(response, () => TokenFormat.Invite(response));
            return ExitCodes.Ok;
        });
        return command;
    }
}
