using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using LiveGrpc.Server.Hub.Messages;
using LiveGrpc.Server.Media;
using LiveGrpc.Server.Presence;
using LiveGrpc.Server.Streams;
using LiveGrpc.Server.Tokens;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace LiveGrpc.Server.Hub;

/// <summary>
/// Live status, viewer counts and Local WebRTC signalling for web clients. Watchers (viewer
/// token) count as viewers; followers see many streams without counting; the host dashboard
/// (publisher token) is the host's publisher session in Local mode and the only party viewers
/// can signal. Transient like every hub: who holds what lives in <see cref="HubRegistry"/>, the
/// Local media mesh behind <see cref="IMeshRouter"/> (the registry on one node, Redis in a
/// cluster), and pushes from the lifecycle arrive through <see cref="StreamEventRelay"/>.
/// Every join subscribes to the stream's group before reading the snapshot, so no change can fall
/// between the two; a push that raced ahead carries a version the client already has and is dropped.
/// </summary>
public sealed partial class StreamHub(
    HubRegistry registry,
    IMeshRouter mesh,
    HubCredentials credentials,
    MembershipReleaser releaser,
    IStreamStore store,
    ViewerJoin viewerJoin,
    IPublisherPresence publishers,
    IMediaProvider media,
    IOptions<LocalMediaOptions> localMedia,
    IOptions<StreamHubOptions> options) : Hub<IStreamClient>
{
    public const string Path = "/hubs/streams";

    private const int MaxIdLength = 64;
    private const int MaxStreamsPerFollow = 500;
    private const int MaxTokensPerFollow = 50;
    private const int MaxSdpLength = 48 * 1024;
    private const int MaxCandidateLength = 2048;

    private StreamHubOptions Settings => options.Value;

    private bool IsLocalMedia => media.Kind == MediaProviderKind.Local;

    public override Task OnConnectedAsync()
    {
        registry.AddConnection(Context.ConnectionId);
        return Task.CompletedTask;
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        // SignalR drops the connection from its groups itself; only leases and the host's mesh need telling.
        foreach (var released in registry.RemoveConnection(Context.ConnectionId))
        {
            await releaser.ReleaseAsync(released, removeFromGroup: false);
        }
    }

    /// <summary>Watch a stream with a viewer token; counts as one viewer per session id.</summary>
    public async Task<WatchResponse> Watch(WatchRequest request)
    {
        var streamId = RequireId(request?.StreamId, "streamId");
        var claims = await credentials.ValidateAsync(request!.Token, "token");
        if (claims.Role != TokenRole.Viewer)
        {
            throw HubErrors.NotViewer();
        }
        RequireSameStream(claims, streamId);
        var sessionId = SessionIdOrDefault(request.SessionId, claims.SessionId);

        var seat = registry.ReserveWatch(
            Context.ConnectionId, streamId, sessionId, claims.DisplayName,
            joinMesh: IsLocalMedia && request.ReceiveMedia, localMedia.Value.MaxViewers, Settings.MaxJoinedStreamsPerConnection);
        var membership = seat.Membership;
        if (seat.Existing)
        {
            var currentHost = await mesh.JoinViewerAsync(seat, localMedia.Value.MaxViewers);
            return new WatchResponse(await SnapshotAsync(streamId), membership.PeerId, currentHost?.PeerId);
        }

        StreamSnapshot snapshot;
        MeshHost? host;
        try
        {
            // The mesh seat (and the cap, which in a cluster counts every node's viewers) before the viewer counts.
            host = await mesh.JoinViewerAsync(seat, localMedia.Value.MaxViewers);
            await HoldAsync(membership, await viewerJoin.JoinAsync(streamId, claims.SessionId, sessionId, Context.ConnectionAborted));
            await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Stream(streamId), Context.ConnectionAborted);
            snapshot = await SnapshotAsync(streamId);
        }
        catch
        {
            await RollBackAsync(membership);
            throw;
        }
        if (membership.PeerId is { } peerId && host is not null)
        {
            await Clients.Client(host.ConnectionId).ViewerJoined(new PeerPush(streamId, peerId, membership.DisplayName));
        }
        return new WatchResponse(snapshot, membership.PeerId, host?.PeerId);
    }

    /// <summary>Join as the stream's host with a publisher token; takes over from an earlier host connection.</summary>
    public async Task<HostResponse> Host(HostRequest request)
    {
        var streamId = RequireId(request?.StreamId, "streamId");
        var claims = await credentials.ValidateAsync(request!.Token, "token");
        if (claims.Role != TokenRole.Publisher)
        {
            throw HubErrors.NotHost();
        }
        RequireSameStream(claims, streamId);
        var sessionId = SessionIdOrDefault(request.SessionId, claims.SessionId);

        var seat = registry.ReserveHost(Context.ConnectionId, streamId, sessionId, Settings.MaxJoinedStreamsPerConnection);
        var membership = seat.Membership;
        if (seat.Existing)
        {
            var again = await mesh.ClaimHostAsync(seat);
            return new HostResponse(await SnapshotAsync(streamId), membership.PeerId!, again.Viewers);
        }

        MeshClaim? claim = null;
        try
        {
            claim = await mesh.ClaimHostAsync(seat);
            // In Twilio modes the host's presence comes from the media room, not from this dashboard.
            if (IsLocalMedia)
            {
                await HoldAsync(membership, await publishers.ConnectAsync(streamId, sessionId, Context.ConnectionAborted));
            }
            await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Stream(streamId), Context.ConnectionAborted);
            return new HostResponse(await SnapshotAsync(streamId), membership.PeerId!, claim.Viewers);
        }
        catch
        {
            await RollBackAsync(membership);
            throw;
        }
        finally
        {
            // Only now, with the new publisher session held, is the old one let go: no RECONNECTING blip.
            if (seat.Replaced is { } replaced)
            {
                await releaser.ReleaseAsync(replaced, removeFromGroup: true);
                await Clients.Client(replaced.Membership.ConnectionId).HostReplaced(new HostReplacedPush(streamId));
            }
            // Cluster: the host it took over from was on another node (reached over the backplane).
            if (claim?.ReplacedConnectionId is { } elsewhere && elsewhere != seat.Replaced?.Membership.ConnectionId)
            {
                await Clients.Client(elsewhere).HostReplaced(new HostReplacedPush(streamId));
            }
        }
    }

    /// <summary>Follow streams' status and counts without counting as a viewer.</summary>
    public async Task<FollowResponse> Follow(FollowRequest request)
    {
        var streamIds = request?.StreamIds ?? throw HubErrors.InvalidRequest("streamIds", "a list of stream ids is required.");
        if (streamIds.Count > MaxStreamsPerFollow)
        {
            throw HubErrors.InvalidRequest("streamIds", $"at most {MaxStreamsPerFollow} streams per call.");
        }
        var tokens = request.Tokens ?? [];
        if (tokens.Count > MaxTokensPerFollow)
        {
            throw HubErrors.InvalidRequest("tokens", $"at most {MaxTokensPerFollow} tokens per call.");
        }
        var unlocked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            unlocked.Add((await credentials.ValidateAsync(token, "tokens")).StreamId);
        }

        var followed = new List<StreamSnapshot>();
        var unavailable = new List<UnavailableStream>();
        foreach (var streamId in streamIds.Select(id => RequireId(id, "streamIds")).Distinct(StringComparer.Ordinal))
        {
            var problem = Unavailability(await store.FindAsync(streamId, Context.ConnectionAborted), streamId, unlocked);
            if (problem is not null)
            {
                unavailable.Add(problem);
                continue;
            }
            registry.Follow(Context.ConnectionId, streamId, Settings.MaxFollowedStreamsPerConnection);
            await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Stream(streamId), Context.ConnectionAborted);
            var stream = await store.FindAsync(streamId, Context.ConnectionAborted);
            if (stream is null)
            {
                await UnfollowAsync(streamId);
                unavailable.Add(Unavailability(null, streamId, unlocked)!);
                continue;
            }
            followed.Add(StreamSnapshot.From(stream));
        }
        return new FollowResponse(followed, unavailable);
    }

    /// <summary>Stop following streams (pushes continue for streams this connection watches or hosts).</summary>
    public async Task Unfollow(UnfollowRequest request)
    {
        var streamIds = request?.StreamIds ?? throw HubErrors.InvalidRequest("streamIds", "a list of stream ids is required.");
        foreach (var streamId in streamIds.Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal))
        {
            await UnfollowAsync(streamId);
        }
    }

    /// <summary>Stop watching or hosting a stream. Idempotent.</summary>
    public async Task Leave(LeaveRequest request)
    {
        var streamId = RequireId(request?.StreamId, "streamId");
        if (registry.Leave(Context.ConnectionId, streamId) is { } released)
        {
            await releaser.ReleaseAsync(released, removeFromGroup: true);
        }
    }

    /// <summary>A watcher's answer or ICE candidate, to its stream's host (the only peer a viewer can reach).</summary>
    public async Task SignalHost(SignalHostRequest request)
    {
        RequireLocalMedia();
        var streamId = RequireId(request?.StreamId, "streamId");
        var route = await mesh.RouteToHostAsync(Context.ConnectionId, streamId);
        var kind = RequireSignal(request!.Kind, request.Sdp, request.Candidate, SignalKinds.Answer);
        await Clients.Client(route.ConnectionId).Signal(new SignalPush(streamId, route.FromPeerId, kind, request.Sdp, request.Candidate));
    }

    /// <summary>The host's offer or ICE candidate, to one viewer of its stream by peer id.</summary>
    public async Task SignalViewer(SignalViewerRequest request)
    {
        RequireLocalMedia();
        var streamId = RequireId(request?.StreamId, "streamId");
        var peerId = RequireId(request!.PeerId, "peerId");
        var route = await mesh.RouteToViewerAsync(Context.ConnectionId, streamId, peerId);
        var kind = RequireSignal(request.Kind, request.Sdp, request.Candidate, SignalKinds.Offer);
        await Clients.Client(route.ConnectionId).Signal(new SignalPush(streamId, route.FromPeerId, kind, request.Sdp, request.Candidate));
    }

    private async Task HoldAsync(HubMembership membership, IAsyncDisposable lease)
    {
        if (!registry.AttachLease(membership, lease))
        {
            // The connection closed or left while the lease was being taken.
            await lease.DisposeAsync();
            throw new OperationCanceledException("The hub connection has closed.");
        }
    }

    private async Task RollBackAsync(HubMembership membership)
    {
        if (registry.Release(membership) is { } released)
        {
            await releaser.ReleaseAsync(released, removeFromGroup: true);
        }
    }

    private async Task UnfollowAsync(string streamId)
    {
        if (registry.Unfollow(Context.ConnectionId, streamId))
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, HubGroups.Stream(streamId));
        }
    }

    private async Task<StreamSnapshot> SnapshotAsync(string streamId)
    {
        var stream = await store.FindAsync(streamId, Context.ConnectionAborted) ?? throw HubErrors.NotFound(streamId);
        return StreamSnapshot.From(stream);
    }

    private void RequireLocalMedia()
    {
        if (!IsLocalMedia)
        {
            throw HubErrors.SignallingUnavailable();
        }
    }

    private static UnavailableStream? Unavailability(Streams.Stream? stream, string streamId, HashSet<string> unlocked)
    {
        if (stream is null)
        {
            return new UnavailableStream(streamId, HubErrorCodes.NotFound, $"Stream \"{streamId}\" does not exist.");
        }
        return stream.Visibility == Visibility.Private && !unlocked.Contains(streamId)
            ? new UnavailableStream(streamId, HubErrorCodes.Forbidden, "This stream is private: follow it with a token for it from TokenService.")
            : null;
    }

    private static void RequireSameStream(AccessTokenClaims claims, string streamId)
    {
        if (!string.Equals(claims.StreamId, streamId, StringComparison.Ordinal))
        {
            throw HubErrors.WrongStream(streamId);
        }
    }

    private static string RequireId([NotNull] string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw HubErrors.InvalidRequest(field, "is required.");
        }
        return value.Length <= MaxIdLength ? value : throw HubErrors.InvalidRequest(field, $"at most {MaxIdLength} characters.");
    }

    private static string SessionIdOrDefault(string? requested, string tokenSession)
    {
        if (string.IsNullOrEmpty(requested))
        {
            // One session per token: a client that reconnects with the same token is the same viewer.
            return tokenSession;
        }
        return SessionIdPattern().IsMatch(requested)
            ? requested
            : throw HubErrors.InvalidRequest("sessionId", "1 to 64 characters of A-Z a-z 0-9 . _ : -, kept across reconnects (e.g. a random id in sessionStorage).");
    }

    /// <summary>
    /// Validates a signal and returns its kind. Each side has one description it may send:
    /// the host offers, a viewer answers; both send ICE candidates. A viewer therefore cannot
    /// open a negotiation, which is what publishing media towards the host would need.
    /// </summary>
    private static string RequireSignal(string? kind, string? sdp, IceCandidate? candidate, string description)
    {
        if (kind == SignalKinds.Candidate)
        {
            if (candidate is null || candidate.Candidate is null || candidate.Candidate.Length > MaxCandidateLength)
            {
                throw HubErrors.InvalidRequest("candidate", $"an RTCIceCandidateInit with a candidate string of at most {MaxCandidateLength} characters is required.");
            }
            return kind;
        }
        if (kind != description)
        {
            throw HubErrors.InvalidRequest("kind", $"must be \"{description}\" or \"{SignalKinds.Candidate}\" here.");
        }
        if (string.IsNullOrEmpty(sdp) || sdp.Length > MaxSdpLength)
        {
            throw HubErrors.InvalidRequest("sdp", $"an SDP of 1 to {MaxSdpLength} characters is required with \"{kind}\".");
        }
        return kind;
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex SessionIdPattern();
}
