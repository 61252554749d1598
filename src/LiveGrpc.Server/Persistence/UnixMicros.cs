namespace LiveGrpc.Server.Persistence;

/// <summary>Conversions between <see cref="DateTimeOffset"/> and stored Unix microseconds.</summary>
internal static class UnixMicros
{
    public static long From(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset To(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond);

    public static long? From(DateTimeOffset? time) => time is { } t ? From(t) : null;

    public static DateTimeOffset? To(long? micros) => micros is { } m ? To(m) : null;
}
