namespace LiveGrpc.Server.Streams;

/// <summary>The stored stream changed underneath a writer: a bug in locking, or another node writing.</summary>
public sealed class StreamConcurrencyException(string streamId, long expectedVersion)
    : Exception($"Stream {streamId} is no longer at version {expectedVersion}.");
