namespace LiveGrpc.Cli;

/// <summary>A command line that parsed but cannot be acted on (e.g. `update` with nothing to change). Exit code 2, nothing sent.</summary>
public sealed class UsageException(string message) : Exception(message);
