namespace LiveGrpc.Rpc.Client;

/// <summary>Per-call settings: request headers, deadline and cancellation. Mirrors Grpc.Core's CallOptions.</summary>
public readonly struct CallOptions
{
    public CallOptions(Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default)
    {
        Headers = headers;
        Deadline = deadline;
        CancellationToken = cancellationToken;
    }

    /// <summary>Metadata sent as request headers; "-bin" keys are sent base64-encoded.</summary>
    public Metadata? Headers { get; }

    /// <summary>When the call must be finished, in UTC (a local time is converted); null for none.</summary>
    public DateTime? Deadline { get; }

    /// <summary>Cancelling it ends the call with CANCELLED and resets the HTTP/2 stream.</summary>
    public CancellationToken CancellationToken { get; }

    public CallOptions WithHeaders(Metadata? headers) => new(headers, Deadline, CancellationToken);

    public CallOptions WithDeadline(DateTime? deadline) => new(Headers, deadline, CancellationToken);

    public CallOptions WithCancellationToken(CancellationToken cancellationToken) => new(Headers, Deadline, cancellationToken);
}
