using System.CommandLine;
using Google.Protobuf.Reflection;
using LiveGrpc.Cli.Parsing;

namespace LiveGrpc.Cli;

/// <summary>Arguments and options several commands share; each call makes a new instance because a symbol belongs to one command.</summary>
public static class CommonSymbols
{
    public static Argument<string> StreamId() => new("stream-id")
    {
        Description = "The stream's id, e.g. st_4f9c2a7d1b3e.",
    };

    /// <summary>The host secret. The environment variable is preferred: a flag shows up in `ps` and shell history.</summary>
    public static Option<string?> Secret(string purpose) => new("--secret")
    {
        Description = $"The stream's host secret ({purpose}). Default: ${CliEnvironment.SecretVariable}, which keeps it out of shell history.",
        HelpName = "secret",
    };

    public static Option<int> PageSize() => new("--page-size")
    {
        Description = "Most items per page, 1 to 100 (server default 20).",
        HelpName = "n",
    };

    public static Option<string?> PageToken() => new("--page-token")
    {
        Description = "Continue from a previous page's next page token.",
        HelpName = "token",
    };

    /// <summary>An option taking an enum value by its short proto name ("live"), validated while parsing.</summary>
    public static Option<T?> Enum<T>(string name, EnumDescriptor descriptor, string description)
        where T : struct, System.Enum => new(name)
    {
        Description = $"{description} One of: {ProtoEnums.Choices(descriptor)}.",
        HelpName = descriptor.Name.ToLowerInvariant(),
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (ProtoEnums.TryParse(descriptor, text, out var number))
            {
                return (T)(object)number;
            }
            result.AddError($"{name}: \"{text}\" is not one of {ProtoEnums.Choices(descriptor)}.");
            return null;
        },
    };
}
