using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LiveGrpc.Server.Hosting;

/// <summary>Prints, once the server accepts connections, each address and what it serves.</summary>
internal sealed class ListeningBanner(IServer server, IHostApplicationLifetime lifetime, IConfiguration configuration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var http2OnlyPorts = Http2OnlyPorts();
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Console.WriteLine("LiveGrpc is up:");
        foreach (var address in addresses)
        {
            var uri = new Uri(address.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal));
            var role = uri.Scheme == Uri.UriSchemeHttps
                ? "gRPC, gRPC-Web, web client (TLS)"
                : http2OnlyPorts.Contains(uri.Port) ? "gRPC (h2c)" : "web client, SignalR, gRPC-Web";
            Console.WriteLine($"  {address,-28} {role}");
        }
    }

    private HashSet<int> Http2OnlyPorts()
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().ToList();
        if (endpoints.Count == 0)
        {
            return [ListenDefaults.GrpcPort];
        }
        var ports = new HashSet<int>();
        foreach (var endpoint in endpoints)
        {
            var protocols = endpoint["Protocols"] ?? configuration["Kestrel:EndpointDefaults:Protocols"];
            if (string.Equals(protocols, "Http2", StringComparison.OrdinalIgnoreCase)
                && Uri.TryCreate(endpoint["Url"]?.Replace("*", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var url))
            {
                ports.Add(url.Port);
            }
        }
        return ports;
    }
}
