namespace LiveGrpc.Server.Hub;

/// <summary>
/// Stable error codes at the start of every <see cref="Microsoft.AspNetCore.SignalR.HubException"/>
/// message ("code: text"), so a web client can branch on the code and show the text. The JS client
/// surfaces them as "... HubException: code: text".
/// </summary>
public static class HubErrorCodes
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidToken = "invalid_token";
    public const string TokenExpired = "token_expired";
    public const string WrongStream = "wrong_stream";
    public const string NotViewer = "not_viewer";
    public const string NotHost = "not_host";
    public const string NotFound = "not_found";
    public const string Forbidden = "forbidden";
    public const string StreamFull = "stream_full";
    public const string NotWatching = "not_watching";
    public const string NoHost = "no_host";
    public const string UnknownPeer = "unknown_peer";
    public const string SignallingUnavailable = "signalling_unavailable";
    public const string TooManyStreams = "too_many_streams";
    public const string AlreadyJoined = "already_joined";
    public const string FailedPrecondition = "failed_precondition";
    public const string RateLimited = "rate_limited";
    public const string Unavailable = "unavailable";
}
