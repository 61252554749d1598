namespace LiveGrpc.Server.Hub.Messages;

/// <summary>
/// Receive status and viewer counts of many streams without counting as a viewer (a discovery
/// page). PUBLIC and UNLISTED streams need nothing; a PRIVATE one needs a token for it in
/// <paramref name="Tokens"/>.
/// </summary>
public sealed record FollowRequest(IReadOnlyList<string> StreamIds, IReadOnlyList<string>? Tokens = null);
