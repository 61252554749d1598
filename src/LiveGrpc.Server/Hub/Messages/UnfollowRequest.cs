namespace LiveGrpc.Server.Hub.Messages;

/// <summary>Stop receiving pushes for these streams (unless also watching or hosting them).</summary>
public sealed record UnfollowRequest(IReadOnlyList<string> StreamIds);
