using System.CommandLine;
using System.Security.Cryptography;
using LiveGrpc.Cli.Clients;
using LiveGrpc.V1;

namespace LiveGrpc.Cli.Commands;

/// <summary>
/// `livegrpc watch`: WatchStream until Ctrl-C. As the host it holds the publisher session, so
/// `start` + `watch` keeps a stream live from a terminal; as a viewer it counts as one.
/// </summary>
public static class WatchCommand
{
    public static Command Build(CommandRunner runner)
    {
        var streamId = CommonSymbols.StreamId();
        var secret = CommonSymbols.Secret("watch as the host and hold the publisher session");
        var viewer = new ViewerOptions();
        var follow = new Option<bool>("--follow")
        {
            Description = "Watch without a token and without being counted (public and unlisted streams).",
        };
        var sessionId = new Option<string?>("--session-id")
        {
            Description = "Watch session id, kept across reconnects so the server counts this watcher once (default: random).",
            HelpName = "id",
        };
        var command = new Command("watch", "Print status changes and viewer counts live until Ctrl-C.")
        {
            streamId, secret, follow, sessionId,
        };
        viewer.AddTo(command);
        command.WithExamples(
            """
              livegrpc watch st_4f9c2a7d1b3e --secret "$SECRET"   # the host: holds the publisher session
              livegrpc watch st_4f9c2a7d1b3e                      # a viewer (counted)
              livegrpc watch st_4f9c2a7d1b3e --follow --json      # not counted; NDJSON events
            Ctrl-C ends the watch and releases the session (exit code 0).
            """);
        runner.SetAction(command, context =>
        {
            var id = context.Value(streamId);
            var hostSecret = context.OptionalSecret(secret);
            var role = Roles.Resolve(hostSecret is not null, context.Value(viewer.Viewer), context.Value(follow), viewer.HasCredential(context));
            // Fetched again on every reconnect: viewer tokens are short-lived.
            Func<Task<string?>> fetchToken = role switch
            {
                Role.Publisher => async () => (await context.Tokens.CreatePublisherTokenAsync(
                    new CreatePublisherTokenRequest { StreamId = id }, context.Call(BearerMetadata.For(hostSecret!)))).Token,
                Role.Viewer => async () => (await context.Tokens.CreateViewerTokenAsync(viewer.Request(context, id), context.Call())).Token,
                _ => () => Task.FromResult<string?>(null),
            };
            var session = context.Value(sessionId) is { Length: > 0 } given ? given : "cli-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            return new StreamWatcher(context, id, role, session, fetchToken).RunAsync();
        });
        return command;
    }
}
