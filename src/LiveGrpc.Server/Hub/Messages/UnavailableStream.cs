namespace LiveGrpc.Server.Hub.Messages;

/// <summary>A stream a Follow skipped: <paramref name="Code"/> is "not_found" or "forbidden" (PRIVATE without a token).</summary>
public sealed record UnavailableStream(string StreamId, string Code, string Message);
