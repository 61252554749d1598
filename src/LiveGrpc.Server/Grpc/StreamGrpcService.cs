using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using LiveGrpc.Server.Errors;
using LiveGrpc.Server.Presence;
using LiveGrpc.Server.Streams;
using LiveGrpc.Server.Tokens;
using LiveGrpc.V1;
using Broadcast = LiveGrpc.Server.Streams.Broadcast;
using DomainStream = LiveGrpc.Server.Streams.Stream;
using StreamEvent = LiveGrpc.Server.Streams.StreamEvent;
using StreamStatus = LiveGrpc.Server.Streams.StreamStatus;
using Visibility = LiveGrpc.Server.Streams.Visibility;

namespace LiveGrpc.Server.Grpc;

/// <summary>livegrpc.v1.StreamService: request checks, domain calls, and proto mapping — nothing else.</summary>
public sealed class StreamGrpcService(
    StreamCatalog catalog, StreamLifecycle lifecycle, IStreamEventBus bus, ViewerJoin viewerJoin, IPublisherPresence publishers, TimeProvider time)
    : StreamService.StreamServiceBase
{
    private const int MaxSessionIdLength = 64;

    private static readonly HashSet<string> UpdatablePaths = ["title", "description", "visibility", "viewer_passcode"];

    public override async Task<CreateStreamResponse> CreateStream(CreateStreamRequest request, ServerCallContext context)
    {
        if (request.Stream is null)
        {
            throw new ValidationException("stream", "The stream to create is required (at least its title).");
        }
        var visibility = RequestChecks.DefinedOrUnspecified<Visibility>((int)request.Stream.Visibility, "stream.visibility") ?? Visibility.Public;
        var (stream, secret) = await catalog.CreateAsync(
            new NewStream(request.Stream.Title, request.Stream.Description, visibility, request.Stream.ViewerPasscode),
            request.RequestId, context.CancellationToken);
        return new CreateStreamResponse { Stream = ToProto(stream), HostSecret = secret };
    }

    public override async Task<GetStreamResponse> GetStream(GetStreamRequest request, ServerCallContext context)
    {
        var stream = await catalog.GetAsync(RequestChecks.StreamId(request.StreamId), context.CancellationToken);
        return new GetStreamResponse { Stream = ToProto(stream) };
    }

    public override async Task<ListStreamsResponse> ListStreams(ListStreamsRequest request, ServerCallContext context)
    {
        var pageSize = RequestChecks.PageSize(request.PageSize);
        var status = RequestChecks.DefinedOrUnspecified<StreamStatus>((int)request.Status, "status");
        if (request.TitleQuery.Length > StreamRules.MaxTitleLength)
        {
            throw new ValidationException("title_query", $"title_query is at most {StreamRules.MaxTitleLength} characters.");
        }
        var titleQuery = string.IsNullOrWhiteSpace(request.TitleQuery) ? null : request.TitleQuery.Trim();
        var filters = PageTokens.StreamFilters(status, titleQuery);
        var after = PageTokens.Decode(request.PageToken, filters, "page_token") is { } position
            ? new StreamCursor(position.Time, position.Id)
            : null;

        // One extra row tells whether another page exists, so the last page has no token.
        var streams = await catalog.ListAsync(new StreamListQuery(status, titleQuery, after, pageSize + 1), context.CancellationToken);
        var response = new ListStreamsResponse();
        response.Streams.AddRange(streams.Take(pageSize).Select(ToProto));
        if (streams.Count > pageSize)
        {
            var last = streams[pageSize - 1];
            response.NextPageToken = PageTokens.Encode(last.CreateTime, last.Id, filters);
        }
        return response;
    }

    public override async Task<UpdateStreamResponse> UpdateStream(UpdateStreamRequest request, ServerCallContext context)
    {
        if (request.Stream is null)
        {
            throw new ValidationException("stream", "The stream with its id and the fields to change is required.");
        }
        var streamId = RequestChecks.StreamId(request.Stream.Id, "stream.id");
        var paths = request.UpdateMask?.Paths ?? [];
        if (paths.Count == 0)
        {
            throw new ValidationException("update_mask", "List the fields to change in update_mask: title, description, visibility, viewer_passcode.");
        }
        var unknown = paths.Where(p => !UpdatablePaths.Contains(p)).ToList();
        if (unknown.Count > 0)
        {
            throw new ValidationException("update_mask",
                $"Cannot update {string.Join(", ", unknown.Select(p => $"\"{p}\""))}; updatable fields are title, description, visibility, viewer_passcode.");
        }
        Visibility? visibility = null;
        if (paths.Contains("visibility"))
        {
            visibility = RequestChecks.DefinedOrUnspecified<Visibility>((int)request.Stream.Visibility, "stream.visibility") ?? Visibility.Public;
        }
        var edit = new StreamEdit(
            paths.Contains("title") ? request.Stream.Title : null,
            paths.Contains("description") ? request.Stream.Description : null,
            visibility,
            paths.Contains("viewer_passcode") ? request.Stream.ViewerPasscode : null);
        var stream = await catalog.UpdateAsync(streamId, context.GetCaller(), edit, context.CancellationToken);
        return new UpdateStreamResponse { Stream = ToProto(stream) };
    }

    public override async Task<DeleteStreamResponse> DeleteStream(DeleteStreamRequest request, ServerCallContext context)
    {
        await lifecycle.DeleteAsync(RequestChecks.StreamId(request.StreamId), context.GetCaller(), context.CancellationToken);
        return new DeleteStreamResponse();
    }

    public override async Task<StartStreamResponse> StartStream(StartStreamRequest request, ServerCallContext context)
    {
        var (stream, broadcast) = await lifecycle.StartAsync(RequestChecks.StreamId(request.StreamId), context.GetCaller(), context.CancellationToken);
        return new StartStreamResponse { Stream = ToProto(stream), Broadcast = ToProto(broadcast) };
    }

    public override async Task<StopStreamResponse> StopStream(StopStreamRequest request, ServerCallContext context)
    {
        var (stream, ended) = await lifecycle.StopAsync(RequestChecks.StreamId(request.StreamId), context.GetCaller(), context.CancellationToken);
        return new StopStreamResponse { Stream = ToProto(stream), Broadcast = ended is null ? null : ToProto(ended) };
    }

    public override async Task<ListBroadcastsResponse> ListBroadcasts(ListBroadcastsRequest request, ServerCallContext context)
    {
        var streamId = RequestChecks.StreamId(request.StreamId);
        var pageSize = RequestChecks.PageSize(request.PageSize);
        var filters = PageTokens.BroadcastFilters(streamId);
        var after = PageTokens.Decode(request.PageToken, filters, "page_token") is { } position
            ? new BroadcastCursor(position.Time, position.Id)
            : null;
        var broadcasts = await catalog.ListBroadcastsAsync(streamId, after, pageSize + 1, context.CancellationToken);
        var response = new ListBroadcastsResponse();
        response.Broadcasts.AddRange(broadcasts.Take(pageSize).Select(ToProto));
        if (broadcasts.Count > pageSize)
        {
            var last = broadcasts[pageSize - 1];
            response.NextPageToken = PageTokens.Encode(last.StartTime, last.Id, filters);
        }
        return response;
    }

    /// <summary>
    /// Snapshot first, then every change in version order until the caller cancels. Subscribing
    /// before reading the snapshot means no change falls between the two; events at or below the
    /// snapshot's version are dropped. Viewer and publisher sessions last exactly as long as the call.
    /// </summary>
    public override async Task WatchStream(WatchStreamRequest request, IServerStreamWriter<WatchStreamResponse> responseStream, ServerCallContext context)
    {
        var streamId = RequestChecks.StreamId(request.StreamId);
        if (request.SessionId.Length > MaxSessionIdLength)
        {
            throw new ValidationException("session_id", $"A session id is at most {MaxSessionIdLength} characters.");
        }
        var caller = context.GetCaller();
        // Like the hub: without a session id, a token's calls share its own session, so a
        // retried WatchStream with the same token counts once.
        var sessionId = request.SessionId.Length > 0 ? request.SessionId : caller.Token?.SessionId ?? Ids.NewSessionId();
        var cancellationToken = context.CancellationToken;

        using var subscription = bus.Subscribe(streamId);
        var stream = await catalog.GetAsync(streamId, cancellationToken);
        await using var presence = await JoinAsync(stream, caller, sessionId, cancellationToken);
        if (caller.Kind == CallerKind.HostSecret || caller.Token?.Role == TokenRole.Publisher)
        {
            // Re-read after joining: the publisher session may have just made the stream LIVE.
            // A viewer's join changes nothing stored (counts are flushed later), so viewers skip it.
            stream = await catalog.GetAsync(streamId, cancellationToken);
        }

        var version = stream.Version;
        await responseStream.WriteAsync(new WatchStreamResponse
        {
            Event = new V1.StreamEvent { EventId = Ids.NewEventId(), EventTime = Timestamp.FromDateTimeOffset(time.GetUtcNow()), Version = version, Snapshot = ToProto(stream) },
        }, cancellationToken);
        try
        {
            await foreach (var change in subscription.Reader.ReadAllAsync(cancellationToken))
            {
                if (change.Version <= version)
                {
                    continue;
                }
                version = change.Version;
                await responseStream.WriteAsync(new WatchStreamResponse { Event = ToProto(change) }, cancellationToken);
                if (change is StreamDeletedEvent)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller went away: the normal end of a watch.
        }
    }

    /// <summary>Counts the caller as a viewer, holds the host's publisher session, or — anonymous on a non-private stream — neither.</summary>
    private async Task<IAsyncDisposable> JoinAsync(DomainStream stream, Caller caller, string sessionId, CancellationToken cancellationToken)
    {
        switch (caller.Kind)
        {
            case CallerKind.HostSecret:
                HostAccess.Demand(stream, caller);
                return await publishers.ConnectAsync(stream.Id, sessionId, cancellationToken);
            case CallerKind.Token when caller.Token!.StreamId != stream.Id:
                throw new PermissionDeniedException("The token was issued for a different stream.");
            case CallerKind.Token when caller.Token.Role == TokenRole.Publisher:
                return await publishers.ConnectAsync(stream.Id, sessionId, cancellationToken);
            case CallerKind.Token:
                return await viewerJoin.JoinAsync(stream.Id, caller.Token.SessionId, sessionId, cancellationToken);
            default:
                if (stream.Visibility == Visibility.Private)
                {
                    throw new PermissionDeniedException("This stream is private: watch it with a viewer token from TokenService.CreateViewerToken.");
                }
                return NoPresence.Instance;
        }
    }

    private static V1.Stream ToProto(DomainStream stream) => new()
    {
        Id = stream.Id,
        Title = stream.Title,
        Description = stream.Description,
        Visibility = (V1.Visibility)stream.Visibility,
        Status = (V1.StreamStatus)stream.Status,
        ViewerCount = stream.ViewerCount,
        CurrentBroadcast = stream.CurrentBroadcast is null ? null : ToProto(stream.CurrentBroadcast),
        LastLiveEndTime = stream.LastLiveEndTime is { } end ? Timestamp.FromDateTimeOffset(end) : null,
        CreateTime = Timestamp.FromDateTimeOffset(stream.CreateTime),
        UpdateTime = Timestamp.FromDateTimeOffset(stream.UpdateTime),
        Version = stream.Version,
    };

    private static V1.Broadcast ToProto(Broadcast broadcast) => new()
    {
        Id = broadcast.Id,
        StreamId = broadcast.StreamId,
        StartTime = Timestamp.FromDateTimeOffset(broadcast.StartTime),
        EndTime = broadcast.EndTime is { } end ? Timestamp.FromDateTimeOffset(end) : null,
        EndReason = (V1.EndReason)broadcast.EndReason,
        PeakViewers = broadcast.PeakViewers,
        TotalViewers = broadcast.TotalViewers,
    };

    private static V1.StreamEvent ToProto(StreamEvent change)
    {
        var message = new V1.StreamEvent { EventId = change.EventId, EventTime = Timestamp.FromDateTimeOffset(change.Time), Version = change.Version };
        switch (change)
        {
            case StreamStatusChangedEvent status:
                message.StatusChanged = new StatusChanged
                {
                    Status = (V1.StreamStatus)status.Status,
                    Broadcast = status.Broadcast is null ? null : ToProto(status.Broadcast),
                };
                break;
            case ViewerCountChangedEvent viewers:
                message.ViewerCountChanged = new ViewerCountChanged
                {
                    ViewerCount = viewers.ViewerCount,
                    PeakViewers = viewers.PeakViewers,
                    TotalViewers = viewers.TotalViewers,
                };
                break;
            case StreamUpdatedEvent updated:
                message.StreamUpdated = new StreamUpdated
                {
                    Title = updated.Title,
                    Description = updated.Description,
                    Visibility = (V1.Visibility)updated.Visibility,
                };
                break;
            case StreamDeletedEvent:
                message.StreamDeleted = new StreamDeleted();
                break;
        }
        return message;
    }

    private sealed class NoPresence : IAsyncDisposable
    {
        public static readonly NoPresence Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
