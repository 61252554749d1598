namespace LiveGrpc.Server.Presence;

/// <summary>How every channel (WatchStream, the hub) counts a viewer: bind the token to its session, then join.</summary>
public sealed class ViewerJoin(IViewerPresence viewers, IViewerTokenSessions tokenSessions)
{
    /// <summary>One lease for both; disposing it leaves the audience and frees the token's binding.</summary>
    public async ValueTask<IAsyncDisposable> JoinAsync(string streamId, string tokenSessionId, string watchSessionId, CancellationToken cancellationToken)
    {
        var binding = await tokenSessions.BindAsync(tokenSessionId, watchSessionId, cancellationToken).ConfigureAwait(false);
        try
        {
            var lease = await viewers.JoinAsync(streamId, watchSessionId, cancellationToken).ConfigureAwait(false);
            return new Both(lease, binding);
        }
        catch
        {
            await binding.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed class Both(IAsyncDisposable lease, IAsyncDisposable binding) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await lease.DisposeAsync().ConfigureAwait(false);
            await binding.DisposeAsync().ConfigureAwait(false);
        }
    }
}
