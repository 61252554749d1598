using System.CommandLine;
using LiveGrpc.Cli.Clients;
using LiveGrpc.Cli.Output;
using LiveGrpc.V1;

namespace LiveGrpc.Cli.Commands;

/// <summary>`livegrpc token`: CreatePublisherToken (with a host secret) or CreateViewerToken.</summary>
public static class TokenCommand
{
    public static Command Build(CommandRunner runner)
    {
        var streamId = CommonSymbols.StreamId();
        var secret = CommonSymbols.Secret("makes a publisher token");
        var viewer = new ViewerOptions();
        var command = new Command("token", "Issue an access token: a publisher token with the host secret, else a watch-only viewer token.")
        {
            streamId, secret,
        };
        viewer.AddTo(command);
        command.WithExamples(
            """
              livegrpc token st_4f9c2a7d1b3e --secret "$SECRET"          # publisher token for a native host app
              livegrpc token st_4f9c2a7d1b3e --viewer --name Ada          # viewer token
              livegrpc token st_4f9c2a7d1b3e --passcode 4711 --json | jq -r .token
            """);
        runner.SetAction(command, async context =>
        {
            var id = context.Value(streamId);
            var hostSecret = context.OptionalSecret(secret);
            var role = Roles.Resolve(hostSecret is not null, context.Value(viewer.Viewer), follow: false, viewer.HasCredential(context));
            if (role == Role.Publisher)
            {
                var response = await context.Tokens.CreatePublisherTokenAsync(
                    new CreatePublisherTokenRequest { StreamId = id }, context.Call(BearerMetadata.For(hostSecret!)));
                context.Printer.Result(response, () => TokenFormat.Token("publisher", response.Token, response.Identity, response.ExpireTime, response.Media));
            }
            else
            {
                var response = await context.Tokens.CreateViewerTokenAsync(viewer.Request(context, id), context.Call());
                context.Printer.Result(response, () => TokenFormat.Token("viewer", response.Token, response.Identity, response.ExpireTime, response.Media));
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
