using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace LiveGrpc.Cli;

/// <summary>
/// Adds examples (and, for the root, environment variables and exit codes) after the generated
/// --help text: System.CommandLine prints usage and options, but a person learns a CLI from examples.
/// </summary>
public static class HelpEpilogue
{
    private static readonly ConditionalWeakTable<Command, string> Texts = new();

    public const string RootText =
        $"""
        Environment:
          {CliEnvironment.ServerVariable}       server address (default {CliEnvironment.DefaultServer}); --server overrides it
          {CliEnvironment.SecretVariable}  the stream's host secret; --secret overrides it

        Example session:
          livegrpc create "Friday demo"                 # prints the id and, once, the host secret
          export {CliEnvironment.SecretVariable}=...
          livegrpc start st_123 && livegrpc watch st_123   # goes live and holds the host's session
          livegrpc watch st_123 --viewer                # in another terminal: counts as a viewer
          livegrpc stop st_123

        {ExitCodes.HelpText}
        """;

    /// <summary>Registers the text shown after <paramref name="command"/>'s --help.</summary>
    public static T WithExamples<T>(this T command, string examples)
        where T : Command
    {
        Texts.AddOrUpdate(command, "Examples:\n" + examples.TrimEnd());
        return command;
    }

    public static void Attach(RootCommand root)
    {
        Texts.AddOrUpdate(root, RootText);
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is HelpAction inner)
        {
            help.Action = new WithEpilogue(inner);
        }
    }

    private sealed class WithEpilogue(HelpAction inner) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var exitCode = inner.Invoke(parseResult);
            if (Texts.TryGetValue(parseResult.CommandResult.Command, out var text))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine(text);
                output.WriteLine();
            }
            return exitCode;
        }
    }
}
