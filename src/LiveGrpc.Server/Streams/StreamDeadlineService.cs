using Microsoft.Extensions.Options;

namespace LiveGrpc.Server.Streams;

/// <summary>
/// Ends broadcasts whose grace window or maximum duration has passed, on a timer driven by the
/// injected <see cref="TimeProvider"/>. Deadlines live in the stored stream, not in timers, so
/// they survive restarts; an end is at most one check interval late. Also forgets request_ids
/// older than 24 hours.
/// </summary>
public sealed class StreamDeadlineService(
    StreamLifecycle lifecycle, IStreamStore store, IOptions<StreamsOptions> options, TimeProvider time, ILogger<StreamDeadlineService> logger)
    : BackgroundService
{
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DeadlineCheckInterval, time);
        var nextPurge = time.GetUtcNow();
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await lifecycle.EndDueBroadcastsAsync(stoppingToken).ConfigureAwait(false);
                if (time.GetUtcNow() >= nextPurge)
                {
                    await store.PurgeCreateRequestsAsync(time.GetUtcNow() - StreamsOptions.RequestIdRetention, stoppingToken).ConfigureAwait(false);
                    nextPurge = time.GetUtcNow() + PurgeInterval;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Keep checking: one failing stream must not stop every other stream's deadlines.
                logger.LogError(ex, "Checking broadcast deadlines failed; retrying next tick");
            }
        }
    }
}
