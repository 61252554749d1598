namespace LiveGrpc.Server.Persistence;

/// <summary>The database cannot be used yet (unreachable, behind on migrations, or an unknown schema); the message says what to do.</summary>
public sealed class DatabaseNotReadyException(string message, Exception? inner = null) : Exception(message, inner);
