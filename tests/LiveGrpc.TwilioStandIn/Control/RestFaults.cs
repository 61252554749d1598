using LiveGrpc.TwilioStandIn.Rest;

namespace LiveGrpc.TwilioStandIn.Control;

/// <summary>
/// A fault for REST requests that match <see cref="Method"/> and <see cref="Path"/> (a path
/// template of the descriptions, e.g. <c>/v1/Rooms/{Sid}</c>; <c>*</c> matches any).
/// </summary>
public sealed record FaultRule
{
    public string Method { get; init; } = "*";

    public string Path { get; init; } = "*";

    /// <summary>The HTTP status to answer with (429, 500, 503, ...); null adds latency only.</summary>
    public int? Status { get; init; }

    /// <summary>Sent as Retry-After (seconds) with the faulted answer.</summary>
    public int? RetryAfterSeconds { get; init; }

    public int LatencyMs { get; init; }

    /// <summary>How many matching requests get the fault; null for all of them.</summary>
    public int? Count { get; init; }

    /// <summary>The chance (0-100) that a matching request gets the fault; null for always.</summary>
    public int? Percent { get; init; }

    /// <summary>
    /// The request takes effect before the fault replaces its answer (a lost response): a
    /// retried create then meets the resource the first attempt made.
    /// </summary>
    public bool AfterEffect { get; init; }

    public string Describe() =>
        $"{(Status is { } status ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "latency")}"
        + (LatencyMs > 0 ? $" after {LatencyMs} ms" : "") + (AfterEffect ? " (after effect)" : "");

    internal TwilioError Error() => Status switch
    {
        429 => new TwilioError(429, 20429, "Too Many Requests"),
        500 => new TwilioError(500, 20500, "Internal Server Error"),
        503 => new TwilioError(503, 20503, "Service Unavailable"),
        { } other => new TwilioError(other, 20000 + other, $"Injected fault {other}"),
        null => throw new InvalidOperationException("A latency-only fault has no error"),
    };
}

/// <summary>The active REST faults; each matching request takes one use of the first rule that applies.</summary>
internal sealed class RestFaults
{
    private readonly Lock gate = new();
    private readonly List<(int Id, FaultRule Rule, int? Left)> rules = [];
    private int nextId;

    public int Add(FaultRule rule)
    {
        if (rule.Status is < 400 or > 599 || rule.LatencyMs < 0 || rule.Percent is < 0 or > 100 || rule.Count is < 1
            || (rule.Status is null && rule.LatencyMs == 0))
        {
            throw TwilioErrorException.Of(400, 20001, "A fault needs a status of 400-599 and/or latencyMs > 0, percent 0-100 and count >= 1");
        }
        lock (gate)
        {
            rules.Add((++nextId, rule, rule.Count));
            return nextId;
        }
    }

    public bool Remove(int id)
    {
        lock (gate)
        {
            return rules.RemoveAll(r => r.Id == id) > 0;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
        }
    }

    public IReadOnlyList<(int Id, FaultRule Rule, int? Left)> Snapshot()
    {
        lock (gate)
        {
            return [.. rules];
        }
    }

    public FaultRule? Take(string method, string pathTemplate)
    {
        lock (gate)
        {
            for (var i = 0; i < rules.Count; i++)
            {
                var (id, rule, left) = rules[i];
                if (!Matches(rule.Method, method) || !Matches(rule.Path, pathTemplate)
                    || (rule.Percent is { } percent && Random.Shared.Next(100) >= percent))
                {
                    continue;
                }
                if (left is { } count)
                {
                    if (count <= 1)
                    {
                        rules.RemoveAt(i);
                    }
                    else
                    {
                        rules[i] = (id, rule, count - 1);
                    }
                }
                return rule;
            }
            return null;
        }
    }

    private static bool Matches(string pattern, string value) => pattern == "*" || string.Equals(pattern, value, StringComparison.OrdinalIgnoreCase);
}
