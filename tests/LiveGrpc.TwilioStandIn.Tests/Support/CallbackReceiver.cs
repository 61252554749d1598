using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiveGrpc.TwilioStandIn.Tests.Support;

/// <summary>A webhook the stand-in's status callbacks arrive at.</summary>
internal sealed record ReceivedCallback(string Method, string Url, string? Signature, IReadOnlyDictionary<string, string> Form)
{
    public string this[string name] => Form.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"No {name} in {string.Join(", ", Form.Keys)}");

    public string Event => this["StatusCallbackEvent"];
}

/// <summary>A small HTTP listener on 127.0.0.1 recording every request, as an application's webhook endpoint would see it.</summary>
internal sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedCallback> received = new();
    private readonly SemaphoreSlim arrived = new(0);

    private CallbackReceiver(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<ReceivedCallback> Received => [.. received];

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public static async Task<CallbackReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new CallbackReceiver(app);
        app.Run(async http =>
        {
            var form = http.Request.HasFormContentType
                ? (await http.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString())
                : http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
            var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}";
            receiver.received.Enqueue(new ReceivedCallback(http.Request.Method, url, http.Request.Headers["X-Twilio-Signature"], form));
            receiver.arrived.Release();
            http.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        await app.StartAsync();
        receiver.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return receiver;
    }

    /// <summary>Waits until at least <paramref name="count"/> callbacks satisfy <paramref name="match"/> (20 s at most, generous under load).</summary>
    public async Task<IReadOnlyList<ReceivedCallback>> WaitForAsync(int count, Func<ReceivedCallback, bool>? match = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var matching = Received.Where(match ?? (_ => true)).ToList();
            if (matching.Count >= count)
            {
                return matching;
            }
            try
            {
                await arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} callbacks, got {matching.Count}: {string.Join(", ", Received.Select(r => r.Form.GetValueOrDefault("StatusCallbackEvent")))}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        arrived.Dispose();
    }
}
