namespace LiveGrpc.Server.Cluster;

/// <summary>Redis is configured but cannot be reached at start-up; the message says which and why.</summary>
public sealed class RedisNotReadyException(string message) : Exception(message);
