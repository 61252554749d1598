using Google.Protobuf.Reflection;

namespace LiveGrpc.Rpc.Server;

/// <summary>The services mapped on this server, for reflection and health.</summary>
public sealed class GrpcServiceRegistry
{
    private readonly List<ServiceDescriptor> _services = [];

    public IReadOnlyList<ServiceDescriptor> Services
    {
        get
        {
            lock (_services)
            {
                return _services.ToArray();
            }
        }
    }

    private int _unknownServiceFallbackMapped;

    /// <summary>True exactly once: for the first mapped service, which also maps the catch-all for unknown services.</summary>
    internal bool TryClaimUnknownServiceFallback() => Interlocked.Exchange(ref _unknownServiceFallbackMapped, 1) == 0;

    internal void Add(ServiceDescriptor descriptor)
    {
        lock (_services)
        {
            if (_services.Any(s => s.FullName == descriptor.FullName))
            {
                throw new InvalidOperationException($"gRPC service {descriptor.FullName} is mapped twice.");
            }
            _services.Add(descriptor);
        }
    }
}
