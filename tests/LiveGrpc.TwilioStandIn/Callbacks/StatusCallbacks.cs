using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace LiveGrpc.TwilioStandIn.Callbacks;

[JsonConverter(typeof(JsonStringEnumConverter<CallbackFaultMode>))]
public enum CallbackFaultMode
{
    /// <summary>The callback is delivered twice, identical (same SequenceNumber and signature).</summary>
    Duplicate,

    /// <summary>The callback is held back and delivered after the next callback of the same resource.</summary>
    Reorder,

    /// <summary>The callback (and so every later one of the same resource) waits <see cref="CallbackFault.DelayMs"/>.</summary>
    Delay,
}

/// <summary>A fault for status callbacks whose StatusCallbackEvent is <see cref="Event"/> (any when null).</summary>
public sealed record CallbackFault
{
    public CallbackFaultMode Mode { get; init; }

    public string? Event { get; init; }

    public int DelayMs { get; init; }

    /// <summary>How many matching callbacks get the fault; null for all of them.</summary>
    public int? Count { get; init; } = 1;
}

/// <summary>One status callback the stand-in sent, with how the receiver answered.</summary>
/// <param name="ResourceSid">The room, PlayerStreamer or MediaProcessor the callback is about (its ordering key).</param>
/// <param name="Status">The receiver's HTTP status; null when it could not be reached (see Error).</param>
public sealed record SentCallback(
    DateTimeOffset Time,
    string ResourceSid,
    string Url,
    string Method,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    string Signature,
    int? Status,
    string? Error,
    string? Fault)
{
    public string? Parameter(string name) => Parameters.LastOrDefault(p => p.Key == name).Value;

    [JsonIgnore]
    public string? Event => Parameter("StatusCallbackEvent");
}

/// <summary>
/// Sends Twilio's status callbacks: form posts signed with X-Twilio-Signature, delivered
/// asynchronously but in order per resource (each waits for the one before it, as Twilio
/// serialises a room's events), with faults tests can ask for: duplicates, reordering, delay.
/// </summary>
internal sealed class StatusCallbacks(IOptions<StandInOptions> options, StandInClock clock, ILogger<StatusCallbacks> logger) : IDisposable
{
    /// <summary>A reordered callback waits at most this long for a later one to overtake it, so none is lost.</summary>
    private static readonly TimeSpan HoldLimit = TimeSpan.FromSeconds(2);

    private readonly HttpClient http = new() { Timeout = options.Value.CallbackTimeout };
    private readonly Lock gate = new();
    private readonly Dictionary<string, Task> tails = [];
    private readonly Dictionary<string, Outgoing> held = [];
    private readonly List<(CallbackFault Fault, int? Left)> faults = [];
    private readonly ConcurrentQueue<SentCallback> sent = new();

    private sealed record Outgoing(string ResourceSid, string Url, string Method, IReadOnlyList<KeyValuePair<string, string>> Parameters);

    /// <summary>Queues a callback behind the earlier ones of the same resource. Call in event order (under the store's lock).</summary>
    public void Send(string resourceSid, string url, string method, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var outgoing = new Outgoing(resourceSid, url, method, parameters);
        lock (gate)
        {
            var fault = TakeFault(outgoing.Parameters.LastOrDefault(p => p.Key == "StatusCallbackEvent").Value);
            if (fault?.Mode == CallbackFaultMode.Reorder && !held.ContainsKey(resourceSid))
            {
                held[resourceSid] = outgoing;
                _ = ReleaseLaterAsync(outgoing);
                return;
            }
            Chain(outgoing, fault);
            if (held.Remove(resourceSid, out var overtaken))
            {
                Chain(overtaken, new CallbackFault { Mode = CallbackFaultMode.Reorder });
            }
        }
    }

    public void AddFault(CallbackFault fault)
    {
        if (fault.DelayMs < 0 || fault.Count is < 1)
        {
            throw Rest.TwilioErrorException.Of(400, 20001, "A callback fault needs delayMs >= 0 and count >= 1");
        }
        lock (gate)
        {
            faults.Add((fault, fault.Count));
        }
    }

    public void ClearFaults()
    {
        lock (gate)
        {
            faults.Clear();
        }
    }

    public IReadOnlyList<SentCallback> Snapshot() => [.. sent];

    public void ClearLog() => sent.Clear();

    /// <summary>Completes when every callback queued so far (held ones included) has been delivered.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task[] pending;
            bool holding;
            lock (gate)
            {
                pending = [.. tails.Values];
                holding = held.Count > 0;
            }
            await Task.WhenAll(pending).WaitAsync(cancellationToken);
            if (!holding && pending.All(t => t.IsCompleted))
            {
                lock (gate)
                {
                    if (held.Count == 0 && tails.Values.All(t => t.IsCompleted))
                    {
                        return;
                    }
                }
            }
            await Task.Delay(20, cancellationToken);
        }
    }

    public void Dispose() => http.Dispose();

    private void Chain(Outgoing outgoing, CallbackFault? fault)
    {
        var previous = tails.GetValueOrDefault(outgoing.ResourceSid, Task.CompletedTask);
        tails[outgoing.ResourceSid] = previous.ContinueWith(_ => DeliverAsync(outgoing, fault), TaskScheduler.Default).Unwrap();
    }

    private async Task ReleaseLaterAsync(Outgoing outgoing)
    {
        await Task.Delay(HoldLimit);
        lock (gate)
        {
            if (held.TryGetValue(outgoing.ResourceSid, out var still) && ReferenceEquals(still, outgoing))
            {
                held.Remove(outgoing.ResourceSid);
                Chain(outgoing, new CallbackFault { Mode = CallbackFaultMode.Reorder });
            }
        }
    }

    private async Task DeliverAsync(Outgoing outgoing, CallbackFault? fault)
    {
        if (fault is { Mode: CallbackFaultMode.Delay })
        {
            await Task.Delay(fault.DelayMs);
        }
        var duplicate = fault is { Mode: CallbackFaultMode.Duplicate };
        await PostAsync(outgoing, duplicate ? null : fault?.Mode.ToString().ToLowerInvariant());
        if (duplicate)
        {
            await PostAsync(outgoing, "duplicate");
        }
    }

    private async Task PostAsync(Outgoing outgoing, string? faultName)
    {
        var method = new HttpMethod(outgoing.Method);
        // GET (and HEAD) carry the parameters in the query, which the signature then covers as part of the url.
        var inQuery = method == HttpMethod.Get || method == HttpMethod.Head;
        var url = outgoing.Url;
        if (inQuery)
        {
            var query = await new FormUrlEncodedContent(outgoing.Parameters).ReadAsStringAsync();
            url += (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
        }
        var signature = TwilioSignature.Compute(options.Value.AuthToken, url, inQuery ? [] : outgoing.Parameters);
        using var request = new HttpRequestMessage(method, url);
        if (!inQuery)
        {
            request.Content = new FormUrlEncodedContent(outgoing.Parameters);
        }
        request.Headers.TryAddWithoutValidation(TwilioSignature.Header, signature);
        request.Headers.TryAddWithoutValidation("User-Agent", "TwilioProxy/1.1");
        int? status = null;
        string? error = null;
        try
        {
            using var response = await http.SendAsync(request);
            status = (int)response.StatusCode;
        }
        catch (Exception failure)
        {
            // Whatever goes wrong with one receiver must not stop the room's later callbacks. Twilio
            // does not retry status callbacks; the failure is recorded for tests to see.
            error = failure.Message;
            logger.LogWarning("Status callback to {Url} failed: {Error}", outgoing.Url, failure.Message);
        }
        sent.Enqueue(new SentCallback(clock.Now, outgoing.ResourceSid, outgoing.Url, outgoing.Method, outgoing.Parameters, signature, status, error, faultName));
    }

    private CallbackFault? TakeFault(string? callbackEvent)
    {
        for (var i = 0; i < faults.Count; i++)
        {
            var (fault, left) = faults[i];
            if (fault.Event is not null && fault.Event != callbackEvent)
            {
                continue;
            }
            if (left is { } count)
            {
                if (count <= 1)
                {
                    faults.RemoveAt(i);
                }
                else
                {
                    faults[i] = (fault, count - 1);
                }
            }
            return fault;
        }
        return null;
    }
}
