using System.Threading.Channels;
using Grpc.Core;

namespace LiveGrpc.Server.Tests.Support;

/// <summary>Captures a server stream's messages so a test can await each one as it is written.</summary>
public sealed class CollectingStreamWriter<T> : IServerStreamWriter<T>
{
    private readonly Channel<T> _messages = Channel.CreateUnbounded<T>();

    public WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

    public Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _messages.Writer.TryWrite(message);
        return Task.CompletedTask;
    }

    /// <summary>The next message; fails the test instead of hanging if none comes.</summary>
    public async Task<T> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _messages.Reader.ReadAsync(timeout.Token);
    }

    public bool TryTake(out T? message) => _messages.Reader.TryRead(out message);
}
