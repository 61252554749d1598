namespace LiveGrpc.Server.Media;

/// <summary>The broadcast a provider creates or releases media for.</summary>
public sealed record MediaBroadcast(string StreamId, string BroadcastId);
