namespace LiveGrpc.Server.Streams;

/// <summary>A keyset position in the newest-first order (create time, then id): the last item of the previous page.</summary>
public sealed record StreamCursor(DateTimeOffset CreateTime, string Id);
