using LiveGrpc.Server.Cluster;
using LiveGrpc.Server.Health;
using LiveGrpc.Server.Hub;
using LiveGrpc.Server.Persistence;
using LiveGrpc.Server.Presence;
using LiveGrpc.Server.Streams;
using LiveGrpc.Server.Tokens;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Options;

namespace LiveGrpc.Server.Extensions;

public static class ClusterExtensions
{
    /// <summary>
    /// Running as one of several nodes. Nodes sharing a database (Storage:Provider=PostgreSql) must
    /// sign tokens with one key, so Tokens:SigningKey is then required. With Redis:Configuration set,
    /// the node joins a Redis cluster: the event bus, viewer and publisher presence, viewer-token
    /// bindings, the Local media mesh and per-stream locks move to Redis (replacing the in-process
    /// ones registered by AddStreams and AddStreamHub, so call this after them), the SignalR hub
    /// scales out over the Redis backplane, and readiness checks Redis.
    /// </summary>
    public static IHostApplicationBuilder AddCluster(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RedisClusterOptions>()
            .BindConfiguration(RedisClusterOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate<IOptions<StorageOptions>>((redis, storage) => !redis.Enabled || storage.Value.UsesPostgreSql,
                "Redis:Configuration is set but Storage:Provider is Sqlite: the nodes of a cluster share one database; " +
                "set Storage:Provider=PostgreSql and ConnectionStrings:LiveGrpc.")
            .ValidateOnStart();
        builder.Services.AddOptions<TokenOptions>()
            .Validate<IOptions<StorageOptions>, IOptions<RedisClusterOptions>>(
                (tokens, storage, redis) => !string.IsNullOrEmpty(tokens.SigningKey) || !(storage.Value.UsesPostgreSql || redis.Value.Enabled),
                "Tokens:SigningKey is required with Storage:Provider=PostgreSql or Redis:Configuration: every node must sign and accept " +
                "the same tokens and host secrets; set the same key (at least 32 characters) on each, e.g. env Tokens__SigningKey.");

        var redisConfiguration = builder.Configuration[$"{RedisClusterOptions.SectionName}:{nameof(RedisClusterOptions.Configuration)}"];
        if (string.IsNullOrWhiteSpace(redisConfiguration))
        {
            return builder;
        }

        var services = builder.Services;
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<RedisStreamEventBus>();
        services.AddSingleton<IStreamEventBus>(provider => provider.GetRequiredService<RedisStreamEventBus>());
        services.AddSingleton<IClusterStreamLock, RedisStreamLock>();

        services.AddSingleton<RedisViewerPresence>();
        services.AddSingleton<IViewerPresence>(provider => provider.GetRequiredService<RedisViewerPresence>());
        services.AddSingleton<IAudienceFigures>(provider => provider.GetRequiredService<RedisViewerPresence>());
        services.AddSingleton<RedisPublisherSessions>();
        services.AddSingleton<IPublisherSessions>(provider => provider.GetRequiredService<RedisPublisherSessions>());
        services.AddSingleton<RedisViewerTokenSessions>();
        services.AddSingleton<IViewerTokenSessions>(provider => provider.GetRequiredService<RedisViewerTokenSessions>());
        services.AddSingleton<RedisMeshRouter>();
        services.AddSingleton<IMeshRouter>(provider => provider.GetRequiredService<RedisMeshRouter>());
        foreach (var holdings in new[] { typeof(RedisViewerPresence), typeof(RedisPublisherSessions), typeof(RedisViewerTokenSessions), typeof(RedisMeshRouter) })
        {
            services.AddSingleton(typeof(INodeHoldings), provider => provider.GetRequiredService(holdings));
        }

        services.AddSingleton<ClusterHeartbeat>();
        // Joins before any other hosted service starts (it is a lifecycle service: StartingAsync).
        services.AddHostedService<ClusterStartup>();
        services.AddHostedService(provider => provider.GetRequiredService<ClusterHeartbeat>());

        // The backplane for pushes to connections (its own Redis connection; same configuration),
        // groups kept per node: see NodeLocalGroupsHubLifetimeManager for why.
        services.AddSignalR().AddStackExchangeRedis();
        // From the validated settings, so a malformed Redis:Configuration fails start-up with its message, not a crash.
        services.AddOptions<RedisOptions>().Configure<IOptions<RedisClusterOptions>>((backplane, cluster) =>
        {
            backplane.Configuration = StackExchange.Redis.ConfigurationOptions.Parse(cluster.Value.Configuration!);
            backplane.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal(cluster.Value.KeyPrefix + ":hub");
        });
        services.AddSingleton(typeof(RedisHubLifetimeManager<>));
        services.AddSingleton(typeof(DefaultHubLifetimeManager<>));
        services.AddSingleton(typeof(HubLifetimeManager<>), typeof(NodeLocalGroupsHubLifetimeManager<>));

        services.AddHealthChecks().AddCheck<RedisHealthCheck>(RedisHealthCheck.Name, tags: [RedisHealthCheck.ReadyTag]);
        return builder;
    }
}
