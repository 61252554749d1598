using System.Security.Cryptography;
using LiveGrpc.Server.Streams;
using StackExchange.Redis;

namespace LiveGrpc.Server.Cluster;

/// <summary>
/// A stream's cluster lock: SET NX with a random token and Redis:LockTimeout as its expiry, polled
/// with backoff while another node holds it, released by a compare-and-delete so an expired holder
/// cannot free its successor's lock. Release is issued without waiting on the shared connection, so it is written
/// after the PUBLISH of the change it guarded, which is what gives the bus its per-stream order.
/// </summary>
public sealed class RedisStreamLock(RedisConnection redis) : IClusterStreamLock
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(50);

    public async Task<IDisposable> AcquireAsync(string streamId, CancellationToken cancellationToken)
    {
        var key = (RedisKey)redis.Keys.Lock(streamId);
        var token = (RedisValue)Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var wait = FirstWait;
        while (true)
        {
            bool acquired;
            try
            {
                acquired = await redis.Database.StringSetAsync(key, token, redis.Settings.LockTimeout, When.NotExists).ConfigureAwait(false);
            }
            catch (RedisException failure)
            {
                throw RedisConnection.Unavailable(failure);
            }
            if (acquired)
            {
                return new Held(redis, key, token);
            }
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestWait.Ticks));
        }
    }

    private sealed class Held(RedisConnection redis, RedisKey key, RedisValue token) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
            {
                return;
            }
            // Issued now, awaited by nobody: the caller's next step need not wait for Redis. If it
            // fails (Redis unreachable), the lock expires by itself after Redis:LockTimeout.
            _ = redis.Database.ScriptEvaluateAsync(RedisScripts.ReleaseLock, [key], [token])
                .ContinueWith(static release => _ = release.Exception, TaskContinuationOptions.OnlyOnFaulted);
        }
    }
}
