namespace LiveGrpc.Server.Presence;

/// <summary>
/// In-process viewer presence. Per stream it keeps a reference count per session id (a session
/// may briefly hold two connections while reconnecting) and, for the current broadcast, the
/// peak concurrent count and the distinct sessions seen. Streams whose figures changed are
/// marked dirty for the coalescing flush (<see cref="TakeDirtyStreams"/>).
/// </summary>
public sealed class ViewerPresence : IViewerPresence, IAudienceFigures
{
    private readonly Dictionary<string, StreamAudience> _audiences = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ValueTask<IAsyncDisposable> JoinAsync(string streamId, string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        lock (_gate)
        {
            var audience = GetOrAdd(streamId);
            if (audience.Join(sessionId))
            {
                _dirty.Add(streamId);
            }
        }
        return ValueTask.FromResult<IAsyncDisposable>(new Lease(this, streamId, sessionId));
    }

    public int GetViewerCount(string streamId)
    {
        lock (_gate)
        {
            return _audiences.TryGetValue(streamId, out var audience) ? audience.ViewerCount : 0;
        }
    }

    /// <summary>Current count plus the current broadcast's peak and total.</summary>
    public ViewerFigures GetFigures(string streamId)
    {
        lock (_gate)
        {
            return _audiences.TryGetValue(streamId, out var audience) ? audience.Figures : default;
        }
    }

    /// <summary>
    /// Starts counting a broadcast: everyone already watching counts toward its total. A broadcast
    /// resumed after a restart passes its stored figures, since the sessions behind them are gone.
    /// </summary>
    public void BeginBroadcast(string streamId, int basePeak = 0, int baseTotal = 0)
    {
        lock (_gate)
        {
            GetOrAdd(streamId).BeginBroadcast(basePeak, baseTotal);
            _dirty.Add(streamId);
        }
    }

    /// <summary>Stops counting the broadcast and returns its final figures.</summary>
    public ViewerFigures EndBroadcast(string streamId)
    {
        lock (_gate)
        {
            if (!_audiences.TryGetValue(streamId, out var audience))
            {
                return default;
            }
            var figures = audience.Figures;
            audience.EndBroadcast();
            _dirty.Add(streamId);
            ForgetIfIdle(streamId, audience);
            return figures;
        }
    }

    /// <summary>Forgets a deleted stream; its remaining leases become no-ops.</summary>
    public void Forget(string streamId)
    {
        lock (_gate)
        {
            _audiences.Remove(streamId);
            _dirty.Remove(streamId);
        }
    }

    /// <summary>Streams whose figures changed since the last call.</summary>
    public IReadOnlyList<string> TakeDirtyStreams()
    {
        lock (_gate)
        {
            var dirty = _dirty.ToArray();
            _dirty.Clear();
            return dirty;
        }
    }

    private void Leave(string streamId, string sessionId)
    {
        lock (_gate)
        {
            if (_audiences.TryGetValue(streamId, out var audience) && audience.Leave(sessionId))
            {
                _dirty.Add(streamId);
                ForgetIfIdle(streamId, audience);
            }
        }
    }

    private StreamAudience GetOrAdd(string streamId)
    {
        if (!_audiences.TryGetValue(streamId, out var audience))
        {
            audience = new StreamAudience();
            _audiences[streamId] = audience;
        }
        return audience;
    }

    private void ForgetIfIdle(string streamId, StreamAudience audience)
    {
        if (audience.IsIdle)
        {
            _audiences.Remove(streamId);
        }
    }

    // IAudienceFigures for the lifecycle: everything here is in memory, so each completes at once.
    ValueTask IAudienceFigures.BeginBroadcastAsync(string streamId, string broadcastId, int basePeak, int baseTotal, CancellationToken cancellationToken)
    {
        BeginBroadcast(streamId, basePeak, baseTotal);
        return ValueTask.CompletedTask;
    }

    ValueTask<ViewerFigures> IAudienceFigures.EndBroadcastAsync(string streamId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(EndBroadcast(streamId));

    ValueTask IAudienceFigures.ForgetAsync(string streamId, CancellationToken cancellationToken)
    {
        Forget(streamId);
        return ValueTask.CompletedTask;
    }

    ValueTask<IReadOnlyList<string>> IAudienceFigures.TakeDirtyStreamsAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(TakeDirtyStreams());

    ValueTask<ViewerFigures> IAudienceFigures.GetFiguresAsync(string streamId, string? broadcastId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetFigures(streamId));

    private sealed class Lease(ViewerPresence owner, string streamId, string sessionId) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave(streamId, sessionId);
            }
            return ValueTask.CompletedTask;
        }
    }
}
