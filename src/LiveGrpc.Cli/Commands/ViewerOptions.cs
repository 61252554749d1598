using System.CommandLine;

namespace LiveGrpc.Cli.Commands;

/// <summary>The viewer-side options `token` and `watch` share, and the request they make.</summary>
public sealed class ViewerOptions
{
    public Option<bool> Viewer { get; } = new("--viewer")
    {
        Description = "Act as the audience even when a host secret is set (e.g. in the environment).",
    };

    public Option<string?> Passcode { get; } = new("--passcode")
    {
        Description = "The viewer passcode of a PRIVATE stream.",
        HelpName = "passcode",
    };

    public Option<string?> Invite { get; } = new("--invite")
    {
        Description = "An invite code for a PRIVATE stream (from `livegrpc invite`).",
        HelpName = "code",
    };

    public Option<string?> Name { get; } = new("--name")
    {
        Description = "A display name for the viewer, up to 64 characters.",
        HelpName = "name",
    };

    public void AddTo(Command command)
    {
        command.Add(Viewer);
        command.Add(Passcode);
        command.Add(Invite);
        command.Add(Name);
    }

    public bool HasCredential(CommandContext context) =>
        !string.IsNullOrEmpty(context.Value(Passcode)) || !string.IsNullOrEmpty(context.Value(Invite));

    public V1.CreateViewerTokenRequest Request(CommandContext context, string streamId) => new()
    {
        StreamId = streamId,
        ViewerPasscode = context.Value(Passcode) ?? "",
        InviteCode = context.Value(Invite) ?? "",
        DisplayName = context.Value(Name) ?? "",
    };
}
