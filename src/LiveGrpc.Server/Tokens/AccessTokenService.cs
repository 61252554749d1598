using LiveGrpc.Server.Errors;
using LiveGrpc.Server.Media;
using LiveGrpc.Server.Streams;
using Microsoft.Extensions.Options;
using Stream = LiveGrpc.Server.Streams.Stream;

namespace LiveGrpc.Server.Tokens;

/// <summary>
/// Who may get which token: publisher tokens for the holder of the host secret, watch-only viewer
/// tokens for anyone allowed to watch (PRIVATE streams: passcode or invite), invites for hosts of
/// PRIVATE streams. Every issuance is rate limited per peer address.
/// </summary>
public sealed class AccessTokenService(
    IStreamStore store,
    StreamReadCache cache,
    TokenIssuer issuer,
    TokenIssuanceLimiter limiter,
    IMediaProvider media,
    IOptions<TokenOptions> options,
    TimeProvider time)
{
    public const int MaxDisplayNameLength = 64;
    public static readonly TimeSpan DefaultInviteLifetime = TimeSpan.FromDays(1);
    public static readonly TimeSpan MinInviteLifetime = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxInviteLifetime = TimeSpan.FromDays(7);

    private const string HostIdentity = "host";

    public async Task<IssuedToken> CreatePublisherTokenAsync(string streamId, Caller caller, string peer, CancellationToken cancellationToken)
    {
        limiter.Acquire(peer);
        var stream = await store.GetAsync(streamId, cancellationToken).ConfigureAwait(false);
        HostAccess.Demand(stream, caller);
        var expireTime = time.GetUtcNow() + options.Value.PublisherTokenLifetime;
        var claims = new AccessTokenClaims(stream.Id, TokenRole.Publisher, HostIdentity, Ids.NewSessionId(), expireTime);
        var access = await media.CreatePublisherAccessAsync(Participant(stream, claims), cancellationToken).ConfigureAwait(false);
        return new IssuedToken(issuer.Issue(claims), expireTime, claims.Identity, access);
    }

    public async Task<IssuedToken> CreateViewerTokenAsync(ViewerTokenRequest request, string peer, CancellationToken cancellationToken)
    {
        if (request.DisplayName is { Length: > MaxDisplayNameLength })
        {
            throw new ValidationException("display_name", $"A display name is at most {MaxDisplayNameLength} characters.");
        }
        if (request.DisplayName is { } name && name.Any(char.IsControl))
        {
            throw new ValidationException("display_name", "A display name must not contain control characters.");
        }
        limiter.Acquire(peer);
        var stream = await cache.FindAsync(request.StreamId, cancellationToken).ConfigureAwait(false)
            ?? throw NotFoundException.Stream(request.StreamId);
        if (stream.Visibility == Visibility.Private)
        {
            await AdmitToPrivateAsync(stream, request).ConfigureAwait(false);
        }
        var expireTime = time.GetUtcNow() + options.Value.ViewerTokenLifetime;
        var sessionId = Ids.NewSessionId();
        var claims = new AccessTokenClaims(stream.Id, TokenRole.Viewer, "viewer_" + sessionId[3..], sessionId, expireTime,
            string.IsNullOrWhiteSpace(request.DisplayName) ? null : request.DisplayName.Trim());
        var access = await media.CreateViewerAccessAsync(Participant(stream, claims), cancellationToken).ConfigureAwait(false);
        return new IssuedToken(issuer.Issue(claims), expireTime, claims.Identity, access);
    }

    public async Task<IssuedInvite> CreateInviteAsync(string streamId, TimeSpan? lifetime, Caller caller, string peer, CancellationToken cancellationToken)
    {
        if (lifetime is { } requested && (requested < MinInviteLifetime || requested > MaxInviteLifetime))
        {
            throw new ValidationException("ttl_seconds", "An invite lasts 60 to 604,800 seconds (7 days); 0 means one day.");
        }
        limiter.Acquire(peer);
        var stream = await store.GetAsync(streamId, cancellationToken).ConfigureAwait(false);
        HostAccess.Demand(stream, caller);
        if (stream.Visibility != Visibility.Private)
        {
            throw new PreconditionFailedException("Invites are only for PRIVATE streams; anyone with the id can already watch this one.");
        }
        var expireTime = time.GetUtcNow() + (lifetime ?? DefaultInviteLifetime);
        return new IssuedInvite(issuer.IssueInvite(stream.Id, expireTime), expireTime);
    }

    private async Task AdmitToPrivateAsync(Stream stream, ViewerTokenRequest request)
    {
        if (!string.IsNullOrEmpty(request.InviteCode))
        {
            if (!await issuer.IsValidInviteAsync(request.InviteCode, stream.Id).ConfigureAwait(false))
            {
                throw new PermissionDeniedException("The invite code is not valid for this stream or has expired; ask the host for a new one.");
            }
            return;
        }
        if (!string.IsNullOrEmpty(request.Passcode))
        {
            if (stream.PasscodeHash is null || !PasscodeHasher.Verify(request.Passcode, stream.PasscodeHash))
            {
                throw new PermissionDeniedException("The viewer passcode is wrong.");
            }
            return;
        }
        throw new PermissionDeniedException(stream.PasscodeHash is null
            ? "This stream is private and invite-only: provide invite_code."
            : "This stream is private: provide viewer_passcode or invite_code.");
    }

    private static MediaParticipant Participant(Stream stream, AccessTokenClaims claims) =>
        new(stream.Id, stream.CurrentBroadcast?.Id, claims.Identity, claims.ExpireTime);
}
