using LiveGrpc.Server.Streams;
using Microsoft.Extensions.Options;

namespace LiveGrpc.Server.Presence;

/// <summary>
/// Coalesces viewer counts: once per push interval it stores and publishes the figures of each
/// stream whose audience changed, so a join storm yields one event per stream per interval.
/// </summary>
public sealed class ViewerCountFlushService(
    StreamLifecycle lifecycle, IOptions<PresenceOptions> options, TimeProvider time, ILogger<ViewerCountFlushService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PushInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
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
