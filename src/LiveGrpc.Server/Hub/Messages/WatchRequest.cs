namespace LiveGrpc.Server.Hub.Messages;

/// <summary>
/// Watch a stream as a viewer: counts toward its viewer count until Leave or disconnect.
/// <paramref name="SessionId"/> identifies the watch session across reconnects (up to 64 of
/// A–Z a–z 0–9 . _ : -), so rejoining with the same id never counts twice; it defaults to the
/// token's session. <paramref name="ReceiveMedia"/> (default true) joins the Local WebRTC mesh,
/// which is capped; false watches status and counts only (e.g. a phone with video off).
/// </summary>
public sealed record WatchRequest(string StreamId, string Token, string? SessionId = null, bool ReceiveMedia = true);
