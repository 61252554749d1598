namespace LiveGrpc.Server.Media;

/// <summary>
/// Who is joining the media: the stream, its broadcast in progress if any, the participant
/// identity carried by the LiveGrpc token, and when that token expires (media grants should not outlive it).
/// </summary>
public sealed record MediaParticipant(string StreamId, string? BroadcastId, string Identity, DateTimeOffset ExpireTime);
