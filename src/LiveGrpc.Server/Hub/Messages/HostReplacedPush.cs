namespace LiveGrpc.Server.Hub.Messages;

/// <summary>
/// Pushed as "HostReplaced" to a host connection another Host join took over from (e.g. the
/// dashboard opened in a second tab): this connection no longer hosts the stream.
/// </summary>
public sealed record HostReplacedPush(string StreamId);
