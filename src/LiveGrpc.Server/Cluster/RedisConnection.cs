using System.Security.Cryptography;
using LiveGrpc.Server.Errors;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LiveGrpc.Server.Cluster;

/// <summary>
/// This node's connection to the cluster's Redis (one multiplexer for the bus, presence and locks;
/// the SignalR backplane opens its own) and its node id. Connected before any hosted service starts
/// (<see cref="ClusterStartup"/>); after that StackExchange.Redis reconnects by itself. Tracks how
/// long the connection has held, for <see cref="IsSettled"/>.
/// </summary>
public sealed class RedisConnection(IOptions<RedisClusterOptions> options, TimeProvider time, ILogger<RedisConnection> logger) : IAsyncDisposable
{
    private ConnectionMultiplexer? _multiplexer;
    private long _connectedSinceTicks = -1;

    /// <summary>Random per process: a restarted node is a new node, and its predecessor is reaped like any dead one.</summary>
    public string NodeId { get; } = "nd_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public RedisKeys Keys { get; } = new(options.Value.KeyPrefix);

    public RedisClusterOptions Settings => options.Value;

    public IConnectionMultiplexer Multiplexer => _multiplexer ?? throw new InvalidOperationException("Redis is not connected yet.");

    public IDatabase Database => Multiplexer.GetDatabase();

    public bool IsConnected => _multiplexer?.IsConnected == true;

    /// <summary>
    /// True once this node has been connected for a whole node timeout: by then every living node
    /// has renewed its heartbeat and re-announced what it holds, so an absence in Redis is real.
    /// </summary>
    public bool IsSettled
    {
        get
        {
            var since = Interlocked.Read(ref _connectedSinceTicks);
            return since >= 0 && IsConnected && time.GetUtcNow().UtcTicks - since >= Settings.NodeTimeout.Ticks;
        }
    }

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var configuration = ConfigurationOptions.Parse(Settings.Configuration!);
        configuration.ClientName ??= "livegrpc-" + NodeId;
        // Fail start-up when Redis cannot be reached at all; later outages are reconnected.
        configuration.AbortOnConnectFail = true;
        try
        {
            _multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisConnectionException unreachable)
        {
            throw new RedisNotReadyException($"Redis ({string.Join(", ", configuration.EndPoints)}, from Redis:Configuration) cannot be reached: {unreachable.Message}");
        }
        Interlocked.Exchange(ref _connectedSinceTicks, time.GetUtcNow().UtcTicks);
        _multiplexer.ConnectionFailed += (_, e) =>
        {
            Interlocked.Exchange(ref _connectedSinceTicks, -1);
            logger.LogWarning("Lost the connection to Redis ({EndPoint}): {Failure}", e.EndPoint, e.FailureType);
        };
        _multiplexer.ConnectionRestored += (_, e) =>
        {
            Interlocked.Exchange(ref _connectedSinceTicks, time.GetUtcNow().UtcTicks);
            logger.LogInformation("Reconnected to Redis ({EndPoint})", e.EndPoint);
        };
        logger.LogInformation("Node {NodeId} joined the cluster on Redis {EndPoints}", NodeId, string.Join(", ", configuration.EndPoints));
    }

    /// <summary>What a caller sees when Redis fails under a request: UNAVAILABLE, worth retrying.</summary>
    public static ServiceUnavailableException Unavailable(RedisException failure) =>
        new($"The cluster's Redis is unavailable ({failure.GetType().Name}); try again shortly.");

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
