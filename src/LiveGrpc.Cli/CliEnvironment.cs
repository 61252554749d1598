namespace LiveGrpc.Cli;

/// <summary>
/// What a command may touch outside its arguments: where it writes and which environment
/// variables it sees. Program passes the real console; tests pass buffers and a fake environment,
/// so the whole CLI runs in-process and many invocations can run at once.
/// </summary>
public sealed record CliEnvironment(TextWriter Out, TextWriter Error, Func<string, string?> GetVariable)
{
    public const string ServerVariable = "LIVEGRPC_SERVER";
    public const string SecretVariable = "LIVEGRPC_HOST_SECRET";
    public const string DefaultServer = "http://127.0.0.1:5100";

    public static CliEnvironment FromConsole() =>
        new(Console.Out, Console.Error, Environment.GetEnvironmentVariable);
}
