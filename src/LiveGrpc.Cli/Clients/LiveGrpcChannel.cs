using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;
using LiveGrpc.V1;

namespace LiveGrpc.Cli.Clients;

/// <summary>
/// The channel every command talks through: h2c for http://, TLS for https://, and a retry policy
/// that re-sends calls failing with UNAVAILABLE (server restarting, connection refused) — only for
/// calls that are safe to send twice.
/// </summary>
public static class LiveGrpcChannel
{
    /// <summary>
    /// StreamService calls the server treats as idempotent: reads, StartStream/StopStream (see the
    /// contract), CreateStream (the CLI always sends a request_id) and the start of WatchStream
    /// (a streaming call is retried only until its first message arrives).
    /// </summary>
    public static readonly IReadOnlyList<string> RetriedStreamMethods =
        ["CreateStream", "GetStream", "ListStreams", "ListBroadcasts", "StartStream", "StopStream", "WatchStream"];

    /// <summary>Up to 4 attempts, waiting a random time up to 0.2 s, 0.4 s, 0.8 s between them; all inside the call's deadline.</summary>
    public static RetryPolicy RetryPolicy { get; } = new()
    {
        MaxAttempts = 4,
        InitialBackoff = TimeSpan.FromMilliseconds(200),
        MaxBackoff = TimeSpan.FromSeconds(2),
        BackoffMultiplier = 2,
        RetryableStatusCodes = { StatusCode.Unavailable },
    };

    public static GrpcChannel Create(Uri address, HttpMessageHandler? handler = null) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            ServiceConfig = ServiceConfig(),
        });

    /// <summary>The retry policy for <see cref="RetriedStreamMethods"/>; a name the contract lacks fails here, not silently on the wire.</summary>
    public static ServiceConfig ServiceConfig()
    {
        var retried = new MethodConfig { RetryPolicy = RetryPolicy };
        foreach (var name in RetriedStreamMethods)
        {
            var method = StreamService.Descriptor.FindMethodByName(name)
                ?? throw new InvalidOperationException($"{StreamService.Descriptor.FullName} has no method {name}.");
            retried.Names.Add(new MethodName { Service = method.Service.FullName, Method = method.Name });
        }
        return new ServiceConfig { MethodConfigs = { retried } };
    }
}
