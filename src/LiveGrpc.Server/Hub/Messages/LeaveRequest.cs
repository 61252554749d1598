namespace LiveGrpc.Server.Hub.Messages;

/// <summary>Stop watching or hosting a stream; the viewer or publisher session is released at once.</summary>
public sealed record LeaveRequest(string StreamId);
