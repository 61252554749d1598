using LiveGrpc.Server.Streams;
using Microsoft.Extensions.Options;

namespace LiveGrpc.Server.Presence;

/// <summary>
/// Coalesces viewer counts: it stores and publishes the figures of each stream whose audience
/// changed, then waits a whole push interval before the next flush, so a join storm yields at
/// most one event per stream per interval. (A PeriodicTimer would catch up after a slow flush
/// and put two pushes less than an interval apart.)
/// </summary>
public sealed class ViewerCountFlushService(
    StreamLifecycle lifecycle, IOptions<PresenceOptions> options, TimeProvider time, ILogger<ViewerCountFlushService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(options.Value.PushInterval, time, stoppingToken).ConfigureAwait(false);
            try
            {
                await lifecycle.FlushViewerFiguresAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Publishing viewer counts failed; retrying next interval");
            }
        }
    }
}
