namespace LiveGrpc.Server.Streams;

/// <summary>
/// Recovers broadcasts the previous process left unfinished. Registered after the database
/// initializer and, like all hosted services, started before Kestrel accepts calls.
/// </summary>
public sealed class StreamRecoveryService(StreamLifecycle lifecycle) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => lifecycle.RecoverAfterRestartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
