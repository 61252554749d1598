namespace LiveGrpc.Server.Streams;

/// <summary>
/// A page of PUBLIC streams, newest first. Keyset pagination on the immutable (create time, id)
/// pair gives no duplicates or gaps while streams change.
/// </summary>
public sealed record StreamListQuery(StreamStatus? Status, string? TitleQuery, StreamCursor? After, int Limit);
