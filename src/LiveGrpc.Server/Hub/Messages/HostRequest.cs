namespace LiveGrpc.Server.Hub.Messages;

/// <summary>
/// Join as the stream's host dashboard with a publisher token. In Local mode this connection is
/// the host's publisher session (a started stream is LIVE while it is connected) and the end of
/// every viewer's signalling. A newer Host join for the same stream takes over (see HostReplaced).
/// </summary>
public sealed record HostRequest(string StreamId, string Token, string? SessionId = null);
