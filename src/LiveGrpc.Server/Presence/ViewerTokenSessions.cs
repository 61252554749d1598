using LiveGrpc.Server.Errors;

namespace LiveGrpc.Server.Presence;

/// <summary>
/// Binds each viewer token to the one watch session it is used for. The viewer count is the
/// number of distinct session ids, and clients choose their session ids (so a reconnect keeps
/// its place); without this, one token could be replayed with many made-up session ids to
/// inflate the count. A token may hold its session on several connections at once (a
/// reconnect overlapping the old connection), but not a second session. Minting more tokens
/// costs a CreateViewerToken call each, which is rate limited per client address.
/// </summary>
public sealed class ViewerTokenSessions : IViewerTokenSessions
{
    private readonly Dictionary<string, Binding> _bindings = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    ValueTask<IAsyncDisposable> IViewerTokenSessions.BindAsync(string tokenSessionId, string watchSessionId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Bind(tokenSessionId, watchSessionId));

    /// <param name="tokenSessionId">The token's own session claim, unique per issued token.</param>
    /// <param name="watchSessionId">The session the caller watches as.</param>
    public IAsyncDisposable Bind(string tokenSessionId, string watchSessionId)
    {
        lock (_gate)
        {
            if (_bindings.TryGetValue(tokenSessionId, out var binding))
            {
                if (binding.WatchSessionId != watchSessionId)
                {
                    throw new PreconditionFailedException(
                        "This viewer token is already watching as another session; each tab or device needs its own token from TokenService.CreateViewerToken.");
                }
                binding.Holders++;
            }
            else
            {
                _bindings[tokenSessionId] = new Binding(watchSessionId) { Holders = 1 };
            }
        }
        return new Release(this, tokenSessionId);
    }

    private void Unbind(string tokenSessionId)
    {
        lock (_gate)
        {
            if (_bindings.TryGetValue(tokenSessionId, out var binding) && --binding.Holders == 0)
            {
                _bindings.Remove(tokenSessionId);
            }
        }
    }

    private sealed class Binding(string watchSessionId)
    {
        public string WatchSessionId { get; } = watchSessionId;

        public int Holders { get; set; }
    }

    private sealed class Release(ViewerTokenSessions owner, string tokenSessionId) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Unbind(tokenSessionId);
            }
            return ValueTask.CompletedTask;
        }
    }
}
