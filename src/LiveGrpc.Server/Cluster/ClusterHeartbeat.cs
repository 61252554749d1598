using LiveGrpc.Server.Streams;
using StackExchange.Redis;

namespace LiveGrpc.Server.Cluster;

/// <summary>
/// Keeps this node alive in Redis and clears up after dead ones. Every heartbeat interval (a
/// quarter of Redis:NodeTimeout) it renews the node's heartbeat — re-announcing everything the
/// node holds when Redis had forgotten it — and reaps every node silent for a whole timeout: its
/// viewers leave the counts (their streams are flushed as usual), its token bindings and mesh seats
/// go, and each stream whose publisher it held is reconciled at once (LIVE → RECONNECTING).
/// Reaping is one Lua script, so nodes reaping at the same moment cannot do it twice.
/// </summary>
public sealed class ClusterHeartbeat(
    RedisConnection redis, IEnumerable<INodeHoldings> holdings, StreamLifecycle lifecycle, TimeProvider time, ILogger<ClusterHeartbeat> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(redis.Settings.HeartbeatInterval, time, stoppingToken).ConfigureAwait(false);
            try
            {
                await BeatAsync(stoppingToken).ConfigureAwait(false);
                await ReapAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Cluster heartbeat of node {NodeId} failed; retrying next interval", redis.NodeId);
            }
        }
    }

    /// <summary>Renews this node's heartbeat; when Redis did not know the node any more, re-announces what it holds.</summary>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        var known = (int)await redis.Database.ScriptEvaluateAsync(RedisScripts.Heartbeat, [redis.Keys.Nodes], [redis.NodeId]).ConfigureAwait(false);
        if (known == 1)
        {
            return;
        }
        foreach (var holder in holdings)
        {
            await holder.RestoreAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReapAsync(CancellationToken cancellationToken)
    {
        var result = await redis.Database.ScriptEvaluateAsync(
            RedisScripts.Reap, [redis.Keys.Nodes], [redis.Keys.Prefix, (long)redis.Settings.NodeTimeout.TotalMilliseconds]).ConfigureAwait(false);
        var lostPublishers = ((RedisResult[]?)result ?? []).Select(stream => (string)stream!).Distinct(StringComparer.Ordinal).ToList();
        foreach (var streamId in lostPublishers)
        {
            logger.LogInformation("The node holding the publisher of stream {StreamId} stopped answering; reconciling", streamId);
            try
            {
                await lifecycle.ReconcilePublisherAsync(streamId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The deadline ticks re-check every stream's publisher, so this is only later, not lost.
                logger.LogWarning(ex, "Reconciling the publisher of stream {StreamId} failed", streamId);
            }
        }
    }
}
