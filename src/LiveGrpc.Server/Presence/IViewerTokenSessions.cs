namespace LiveGrpc.Server.Presence;

/// <summary>
/// Binds each viewer token to the one watch session it is used for (see <see cref="ViewerTokenSessions"/>
/// for why). In-process on one node, in Redis across nodes (Cluster/RedisViewerTokenSessions), so a
/// token cannot watch as one session on node A and another on node B.
/// </summary>
public interface IViewerTokenSessions
{
    /// <param name="tokenSessionId">The token's own session claim, unique per issued token.</param>
    /// <param name="watchSessionId">The session the caller watches as.</param>
    /// <returns>The binding; dispose it when the watch ends. Throws FAILED_PRECONDITION when the token watches as another session.</returns>
    ValueTask<IAsyncDisposable> BindAsync(string tokenSessionId, string watchSessionId, CancellationToken cancellationToken);
}
