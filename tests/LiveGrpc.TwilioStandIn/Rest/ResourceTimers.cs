using Microsoft.Extensions.Options;

namespace LiveGrpc.TwilioStandIn.Rest;

/// <summary>
/// Moves time-driven state forward (empty-room and unused-room timeouts, participant and media
/// maximum durations, PlayerStreamer start): on a short real-time interval, and at once when a
/// test advances the stand-in's clock.
/// </summary>
internal sealed class ResourceTimers(IEnumerable<ITimedResources> resources, StandInClock clock, IOptions<StandInOptions> options) : BackgroundService
{
    public void TickNow()
    {
        var now = clock.Now;
        foreach (var resource in resources)
        {
            resource.Tick(now);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TimerInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            TickNow();
        }
    }
}
