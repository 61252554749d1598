namespace LiveGrpc.TwilioStandIn;

/// <summary>
/// The stand-in's notion of now: real time plus an offset tests can move forward, so Twilio's
/// minute-long timeouts (empty rooms, participant durations, MaxDuration) can be crossed
/// without waiting and without a timing assumption in the test.
/// </summary>
internal sealed class StandInClock(TimeProvider time)
{
    private long offsetTicks;

    public DateTimeOffset Now => time.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "The clock only moves forward.");
        }
        Interlocked.Add(ref offsetTicks, by.Ticks);
    }

    /// <summary>Twilio's timestamp format in REST bodies (ISO 8601, whole seconds, UTC).</summary>
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
