using LiveGrpc.Cli.Clients;
using LiveGrpc.Cli.Output;
using LiveGrpc.Cli.Parsing;
using Grpc.Core;
using LiveGrpc.V1;

namespace LiveGrpc.Cli.Commands;

/// <summary>
/// One `watch`: a WatchStream call that is re-opened (fresh token, same session id) when the
/// connection drops after it had worked, so a host's publisher session survives a blip inside the
/// server's grace window. Events are printed in version order; stale ones are dropped.
/// </summary>
public sealed class StreamWatcher(CommandContext context, string streamId, Role role, string sessionId, Func<Task<string?>> fetchToken)
{
    /// <summary>Consecutive failed reconnects before giving up (about a minute with <see cref="Backoff"/>).</summary>
    public const int MaxReconnects = 8;

    private readonly Printer _printer = context.Printer;
    private long _lastVersion;

    public async Task<int> RunAsync()
    {
        var cancellation = context.Cancellation;
        var connectedOnce = false;
        var failures = 0;
        while (true)
        {
            string reason;
            try
            {
                var token = await fetchToken();
                var headers = token is null ? null : BearerMetadata.For(token);
                // No deadline: a watch runs until Ctrl-C. Disposing the call resets the HTTP/2
                // stream, which is how the server learns that the session ended.
                using var call = context.Streams.WatchStream(
                    new WatchStreamRequest { StreamId = streamId, SessionId = sessionId },
                    new CallOptions(headers, deadline: null, cancellation));
                var first = true;
                while (await call.ResponseStream.MoveNext(cancellation))
                {
                    if (first)
                    {
                        first = false;
                        failures = 0;
                        if (!connectedOnce)
                        {
                            _printer.Notice(Greeting());
                        }
                        connectedOnce = true;
                    }
                    if (Print(call.ResponseStream.Current.Event) is { } ended)
                    {
                        return ended;
                    }
                }
                reason = "the server ended the watch";
            }
            catch (Exception e) when (cancellation.IsCancellationRequested && e is RpcException or OperationCanceledException)
            {
                return Stopped();
            }
            catch (RpcException e) when (connectedOnce && IsWorthRetrying(e.StatusCode))
            {
                reason = $"{ErrorReport.CodeName(e.StatusCode)}: {e.Status.Detail}";
            }
            failures++;
            if (failures > MaxReconnects)
            {
                _printer.Notice($"error: gave up reconnecting after {MaxReconnects} attempts ({reason}).");
                return ExitCodes.Unavailable;
            }
            var delay = Backoff(failures);
            _printer.Notice($"connection lost ({reason}); reconnecting in {Durations.Format(delay)}");
            try
            {
                await Task.Delay(delay, cancellation);
            }
            catch (OperationCanceledException)
            {
                return Stopped();
            }
        }
    }

    /// <summary>0.5 s, 1 s, 2 s, 4 s, then 8 s: quick enough to return inside a 30 s grace window.</summary>
    public static TimeSpan Backoff(int failures) =>
        TimeSpan.FromMilliseconds(500 * Math.Pow(2, Math.Clamp(failures - 1, 0, 4)));

    /// <summary>Errors a reconnect can cure: a restarted or unreachable server, or an expired token.</summary>
    public static bool IsWorthRetrying(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.Aborted or StatusCode.Unauthenticated;

    /// <summary>Prints <paramref name="e"/> unless stale; returns an exit code when the watch is over.</summary>
    private int? Print(StreamEvent e)
    {
        // A reconnect starts with a snapshot of a version already shown; nothing new to say.
        if (e.Version <= _lastVersion && e.EventCase != StreamEvent.EventOneofCase.StreamDeleted)
        {
            return null;
        }
        _lastVersion = e.Version;
        _printer.StreamItem(e, () => TextFormat.EventLine(e, TimeZoneInfo.Local));
        if (e.EventCase == StreamEvent.EventOneofCase.StreamDeleted)
        {
            _printer.Notice("The stream was deleted; nothing more to watch.");
            return ExitCodes.Ok;
        }
        return null;
    }

    private string Greeting() => role switch
    {
        Role.Publisher => $"Watching {streamId} as the host: this holds the publisher session. Ctrl-C releases it.",
        Role.Viewer => $"Watching {streamId} as a viewer (counted). Ctrl-C to leave.",
        _ => $"Following {streamId} (not counted). Ctrl-C to stop.",
    };

    private int Stopped()
    {
        _printer.Notice(role == Role.Publisher ? "Stopped watching; publisher session released." : "Stopped watching.");
        return ExitCodes.Ok;
    }
}
