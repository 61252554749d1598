using System.Threading.Channels;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace LiveGrpc.Rpc.Health;

/// <summary>
/// The serving status of each service, keyed by fully-qualified service name; "" stands for the
/// whole server. Thread-safe; <see cref="HealthService"/> reads it and Watch callers subscribe to it.
/// The whole server ("") starts SERVING; any other name is unknown until it is set.
/// </summary>
public sealed class HealthStatusRegistry
{
    /// <summary>The name that stands for the whole server.</summary>
    public const string Server = "";

    private readonly object _gate = new();
    private readonly Dictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal) { [Server] = ServingStatus.Serving };
    private readonly Dictionary<string, List<Channel<ServingStatus>>> _watchers = new(StringComparer.Ordinal);
    private bool _shuttingDown;

    /// <summary>Sets a service's status and tells its watchers when it changed.</summary>
    /// <remarks>After <see cref="EnterShutdown"/> every status stays NOT_SERVING.</remarks>
    public void SetStatus(string service, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (status == ServingStatus.ServiceUnknown)
        {
            throw new ArgumentException("SERVICE_UNKNOWN is reported by Watch for unknown services; use ClearStatus to forget a service.", nameof(status));
        }
        lock (_gate)
        {
            if (_shuttingDown)
            {
                status = ServingStatus.NotServing;
            }
            if (_statuses.TryGetValue(service, out var current) && current == status)
            {
                return;
            }
            _statuses[service] = status;
            NotifyLocked(service, status);
        }
    }

    /// <summary>Forgets a service: Check answers NOT_FOUND and watchers see SERVICE_UNKNOWN.</summary>
    public void ClearStatus(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_gate)
        {
            if (_statuses.Remove(service))
            {
                NotifyLocked(service, ServingStatus.ServiceUnknown);
            }
        }
    }

    /// <summary>The service's status, or null when it is unknown.</summary>
    public ServingStatus? GetStatus(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_gate)
        {
            return _statuses.TryGetValue(service, out var status) ? status : null;
        }
    }

    /// <summary>
    /// Marks every known service NOT_SERVING and keeps it so, as servers do while draining,
    /// so load balancers stop sending new calls. Open watches receive that status and then end
    /// (clients retry Watch with backoff), so they do not hold up the server's shutdown.
    /// </summary>
    public void EnterShutdown()
    {
        lock (_gate)
        {
            _shuttingDown = true;
            foreach (var service in _statuses.Keys.ToList())
            {
                if (_statuses[service] != ServingStatus.NotServing)
                {
                    _statuses[service] = ServingStatus.NotServing;
                    NotifyLocked(service, ServingStatus.NotServing);
                }
            }
            foreach (var channel in _watchers.Values.SelectMany(list => list))
            {
                channel.Writer.TryComplete();
            }
        }
    }

    /// <summary>
    /// Streams the service's current status (SERVICE_UNKNOWN when unknown), then each change,
    /// until <paramref name="cancellationToken"/> is cancelled or the server shuts down. A slow reader skips intermediate
    /// values and always ends up at the latest one.
    /// </summary>
    public async IAsyncEnumerable<ServingStatus> WatchAsync(string service, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var channel = Channel.CreateBounded<ServingStatus>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = false,
        });
        lock (_gate)
        {
            channel.Writer.TryWrite(_statuses.TryGetValue(service, out var current) ? current : ServingStatus.ServiceUnknown);
            if (_shuttingDown)
            {
                channel.Writer.TryComplete();
            }
            if (!_watchers.TryGetValue(service, out var list))
            {
                _watchers[service] = list = [];
            }
            list.Add(channel);
        }
        try
        {
            ServingStatus? last = null;
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var status))
                {
                    if (status != last)
                    {
                        last = status;
                        yield return status;
                    }
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                if (_watchers.TryGetValue(service, out var list))
                {
                    list.Remove(channel);
                    if (list.Count == 0)
                    {
                        _watchers.Remove(service);
                    }
                }
            }
        }
    }

    /// <summary>How many Watch calls are subscribed to the service (for tests and diagnostics).</summary>
    public int WatcherCount(string service)
    {
        lock (_gate)
        {
            return _watchers.TryGetValue(service, out var list) ? list.Count : 0;
        }
    }

    private void NotifyLocked(string service, ServingStatus status)
    {
        if (_watchers.TryGetValue(service, out var list))
        {
            foreach (var channel in list)
            {
                channel.Writer.TryWrite(status);
            }
        }
    }
}
