using System.Security.Cryptography;
using System.Text;
using LiveGrpc.Server.Errors;
using LiveGrpc.Server.Tokens;

namespace LiveGrpc.Server.Streams;

/// <summary>
/// Creating, reading, listing and editing streams. Status changes belong to <see cref="StreamLifecycle"/>.
/// </summary>
public sealed class StreamCatalog(IStreamStore store, StreamLocks locks, StreamLifecycle lifecycle, ServerKeys keys, TimeProvider time)
{
    public const int MaxRequestIdLength = 64;

    // Creates with a request_id are serialized so two concurrent retries cannot both create.
    private readonly SemaphoreSlim _idempotentCreates = new(1, 1);

    /// <summary>
    /// Creates a stream and returns it with its host secret (the only time the secret is seen).
    /// With <paramref name="requestId"/>, a retry within 24 hours returns the same stream and the
    /// same secret. The secret is then derived — HMAC of the request_id and stream id under a
    /// server key — rather than stored in a recoverable form: the database never holds anything
    /// that yields a secret, and the key alone does not either without the caller's request_id.
    /// </summary>
    public async Task<(Stream Stream, string HostSecret)> CreateAsync(NewStream request, string? requestId, CancellationToken cancellationToken)
    {
        var violations = new List<FieldViolation>();
        var title = StreamRules.NormalizeTitle(request.Title, "stream.title", violations);
        var description = StreamRules.NormalizeDescription(request.Description, "stream.description", violations);
        var passcode = string.IsNullOrEmpty(request.Passcode) ? null : request.Passcode;
        if (passcode is not null)
        {
            if (request.Visibility != Visibility.Private)
            {
                violations.Add(new("stream.viewer_passcode", "A viewer passcode only applies to PRIVATE streams; set visibility to VISIBILITY_PRIVATE or leave it empty."));
            }
            StreamRules.CheckPasscode(passcode, "stream.viewer_passcode", violations);
        }
        if (requestId is { Length: > MaxRequestIdLength })
        {
            violations.Add(new("request_id", $"A request_id is at most {MaxRequestIdLength} characters; a UUID is ideal."));
        }
        StreamRules.ThrowIfAny(violations);
        var normalized = request with { Title = title, Description = description, Passcode = passcode };

        if (string.IsNullOrEmpty(requestId))
        {
            var secret = HostSecrets.Generate();
            var stream = NewStreamEntity(Ids.NewStreamId(), normalized, secret);
            await store.AddAsync(stream, null, cancellationToken).ConfigureAwait(false);
            return (stream, secret);
        }
        return await CreateIdempotentAsync(normalized, requestId, cancellationToken).ConfigureAwait(false);
    }

    public Task<Stream> GetAsync(string streamId, CancellationToken cancellationToken) => store.GetAsync(streamId, cancellationToken);

    public Task<IReadOnlyList<Stream>> ListAsync(StreamListQuery query, CancellationToken cancellationToken) =>
        store.ListAsync(query, cancellationToken);

    public async Task<IReadOnlyList<Broadcast>> ListBroadcastsAsync(string streamId, BroadcastCursor? after, int limit, CancellationToken cancellationToken)
    {
        await GetAsync(streamId, cancellationToken).ConfigureAwait(false);
        return await store.ListBroadcastsAsync(streamId, after, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies a host's edit; an edit that changes nothing keeps the version.</summary>
    public async Task<Stream> UpdateAsync(string streamId, Caller caller, StreamEdit edit, CancellationToken cancellationToken)
    {
        var violations = new List<FieldViolation>();
        var title = edit.Title is null ? null : StreamRules.NormalizeTitle(edit.Title, "stream.title", violations);
        var description = edit.Description is null ? null : StreamRules.NormalizeDescription(edit.Description, "stream.description", violations);
        if (!string.IsNullOrEmpty(edit.Passcode))
        {
            StreamRules.CheckPasscode(edit.Passcode, "stream.viewer_passcode", violations);
        }
        StreamRules.ThrowIfAny(violations);

        using var _ = await locks.AcquireAsync(streamId, cancellationToken).ConfigureAwait(false);
        var stream = await GetAsync(streamId, cancellationToken).ConfigureAwait(false);
        HostAccess.Demand(stream, caller);
        var expected = stream.Version;
        var changed = false;
        if (title is not null && title != stream.Title)
        {
            stream.Title = title;
            changed = true;
        }
        if (description is not null && description != stream.Description)
        {
            stream.Description = description;
            changed = true;
        }
        if (edit.Visibility is { } visibility && visibility != stream.Visibility)
        {
            stream.Visibility = visibility;
            changed = true;
        }
        if (edit.Passcode is not null)
        {
            // Always a change: the new passcode cannot be compared with the stored hash cheaply, and
            // setting one is how a host revokes the old one.
            stream.PasscodeHash = edit.Passcode.Length == 0 ? null : PasscodeHasher.Hash(edit.Passcode);
            changed = true;
        }
        if (!changed)
        {
            return stream;
        }
        stream.MarkEdited(time.GetUtcNow());
        await store.SaveAsync(stream, expected, null, cancellationToken).ConfigureAwait(false);
        lifecycle.PublishUpdated(stream);
        return stream;
    }

    private async Task<(Stream, string)> CreateIdempotentAsync(NewStream request, string requestId, CancellationToken cancellationToken)
    {
        var derivationKey = keys.DeriveKey("livegrpc create-request v1");
        var keyHash = Convert.ToHexStringLower(HMACSHA256.HashData(derivationKey, Encoding.UTF8.GetBytes("key\0" + requestId)));
        // Keyed, so the fingerprint does not expose the passcode to an offline guess.
        var fingerprint = Convert.ToHexStringLower(HMACSHA256.HashData(derivationKey, Encoding.UTF8.GetBytes(
            string.Join('\0', "request", request.Title, request.Description, (int)request.Visibility, request.Passcode ?? ""))));
        var secretKey = keys.DeriveKey("livegrpc host-secret v1");

        await _idempotentCreates.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var now = time.GetUtcNow();
                var previous = await store.FindCreateRequestAsync(keyHash, cancellationToken).ConfigureAwait(false);
                if (previous is not null && now - previous.CreateTime < StreamsOptions.RequestIdRetention)
                {
                    if (previous.Fingerprint != fingerprint)
                    {
                        throw new ValidationException("request_id",
                            "This request_id was used in the last 24 hours to create a different stream; use a new request_id for a new stream.");
                    }
                    var existing = await store.FindAsync(previous.StreamId, cancellationToken).ConfigureAwait(false);
                    if (existing is not null)
                    {
                        return (existing, HostSecrets.Derive(secretKey, requestId + "\0" + existing.Id));
                    }
                }
                var streamId = Ids.NewStreamId();
                var secret = HostSecrets.Derive(secretKey, requestId + "\0" + streamId);
                var stream = NewStreamEntity(streamId, request, secret);
                try
                {
                    await store.AddAsync(stream, new CreateRequest(keyHash, fingerprint, streamId, now), cancellationToken).ConfigureAwait(false);
                    return (stream, secret);
                }
                catch (DuplicateCreateRequestException) when (attempt == 1)
                {
                    // Another node created with this request_id first (the semaphore covers this
                    // process only): look again and answer as a retry of that create.
                }
            }
        }
        finally
        {
            _idempotentCreates.Release();
        }
    }

    private Stream NewStreamEntity(string id, NewStream request, string secret) => Stream.Create(
        id, request.Title, request.Description, request.Visibility,
        request.Passcode is null ? null : PasscodeHasher.Hash(request.Passcode),
        HostSecrets.Hash(secret), time.GetUtcNow());
}
