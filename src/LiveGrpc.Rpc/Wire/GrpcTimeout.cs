namespace LiveGrpc.Rpc.Wire;

/// <summary>The grpc-timeout header: up to 8 ASCII digits and a unit (H M S m u n).</summary>
public static class GrpcTimeout
{
    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (string.IsNullOrEmpty(value) || value.Length < 2 || value.Length > 9)
        {
            return false;
        }
        long amount = 0;
        for (var i = 0; i < value.Length - 1; i++)
        {
            var c = value[i];
            if (c is < '0' or > '9')
            {
                return false;
            }
            amount = (amount * 10) + (c - '0');
        }
        long ticks = value[^1] switch
        {
            'H' => SaturatingMultiply(amount, TimeSpan.TicksPerHour),
            'M' => SaturatingMultiply(amount, TimeSpan.TicksPerMinute),
            'S' => SaturatingMultiply(amount, TimeSpan.TicksPerSecond),
            'm' => SaturatingMultiply(amount, TimeSpan.TicksPerMillisecond),
            'u' => SaturatingMultiply(amount, TimeSpan.TicksPerMicrosecond),
            'n' => amount / 100,
            _ => -1,
        };
        if (ticks < 0)
        {
            return false;
        }
        timeout = TimeSpan.FromTicks(ticks);
        return true;
    }

    /// <summary>Formats a timeout with the finest unit that fits in 8 digits.</summary>
    public static string Format(TimeSpan timeout)
    {
        var ticks = Math.Max(0, timeout.Ticks);
        var micros = ticks / 10;
        if (micros < 100_000_000) return micros + "u";
        var millis = ticks / TimeSpan.TicksPerMillisecond;
        if (millis < 100_000_000) return millis + "m";
        var seconds = ticks / TimeSpan.TicksPerSecond;
        if (seconds < 100_000_000) return seconds + "S";
        var minutes = ticks / TimeSpan.TicksPerMinute;
        if (minutes < 100_000_000) return minutes + "M";
        return Math.Min(99_999_999, ticks / TimeSpan.TicksPerHour) + "H";
    }

    private static long SaturatingMultiply(long a, long b) => a > long.MaxValue / b ? long.MaxValue : a * b;
}
