namespace LiveGrpc.Server.Hub;

/// <summary>
/// One connection's part in one stream. The presence lease is attached after the seat is
/// reserved (acquiring it awaits); whoever releases the membership first owns the lease, so a
/// disconnect racing a join never leaks a viewer or publisher session.
/// </summary>
public sealed class HubMembership(string connectionId, string streamId, MemberRole role, string sessionId, string? peerId, string? displayName)
{
    public string ConnectionId { get; } = connectionId;

    public string StreamId { get; } = streamId;

    public MemberRole Role { get; } = role;

    public string SessionId { get; } = sessionId;

    /// <summary>The hub-assigned id others address this member by; null for watchers outside the media mesh.</summary>
    public string? PeerId { get; } = peerId;

    public string? DisplayName { get; } = displayName;

    public bool InMesh => PeerId is not null;

    // Guarded by HubRegistry's lock.
    internal IAsyncDisposable? Lease { get; set; }

    internal bool Released { get; set; }
}
