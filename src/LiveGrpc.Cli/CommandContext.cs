using System.CommandLine;
using LiveGrpc.Cli.Clients;
using LiveGrpc.Cli.Output;
using LiveGrpc.Cli.Parsing;
using LiveGrpc.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace LiveGrpc.Cli;

/// <summary>
/// Everything one command invocation needs: its parsed options, the server channel, typed clients, the printer and the Ctrl-C token. Disposing it closes the channel.
/// </summary>
public sealed class CommandContext : IDisposable
{
    private readonly GrpcChannel _channel;

    internal CommandContext(ParseResult parseResult, GlobalOptions globals, CliEnvironment environment, CancellationToken cancellation)
    {
        ParseResult = parseResult;
        Environment = environment;
        Cancellation = cancellation;
        Timeout = parseResult.GetValue(globals.Timeout) ?? GlobalOptions.DefaultTimeout;
        Printer = new Printer(environment, parseResult.GetValue(globals.Json));
        Server = ServerAddress.Resolve(parseResult.GetValue(globals.Server), environment);
        // Creating a channel opens no connection; the first call does.
        _channel = LiveGrpcChannel.Create(Server);
        Streams = new StreamService.StreamServiceClient(_channel);
        Tokens = new TokenService.TokenServiceClient(_channel);
    }

    public ParseResult ParseResult { get; }

    public CliEnvironment Environment { get; }

    public CancellationToken Cancellation { get; }

    public TimeSpan Timeout { get; }

    public Uri Server { get; }

    public Printer Printer { get; }

    public StreamService.StreamServiceClient Streams { get; }

    public TokenService.TokenServiceClient Tokens { get; }

    /// <summary>Options for a one-shot call: a deadline (never wait forever on a dead server) and Ctrl-C.</summary>
    public CallOptions Call(Metadata? headers = null) =>
        new(headers, DateTime.UtcNow + Timeout, Cancellation);

    /// <summary>Options for a host action: the deadline plus `authorization: Bearer &lt;secret&gt;`.</summary>
    public CallOptions HostCall(Option<string?> secretOption) =>
        Call(BearerMetadata.For(RequireSecret(secretOption)));

    public T Value<T>(Option<T> option) => ParseResult.GetValue(option)!;

    public T Value<T>(Argument<T> argument) => ParseResult.GetValue(argument)!;

    /// <summary>--secret, else $LIVEGRPC_HOST_SECRET, else null.</summary>
    public string? OptionalSecret(Option<string?> option)
    {
        var secret = ParseResult.GetValue(option);
        if (string.IsNullOrEmpty(secret))
        {
            secret = Environment.GetVariable(CliEnvironment.SecretVariable);
        }
        if (string.IsNullOrEmpty(secret))
        {
            return null;
        }
        secret = secret.Trim();
        // Metadata values are printable ASCII; say so here rather than fail inside the client.
        if (secret.Any(c => c < 0x21 || c > 0x7E))
        {
            throw new UsageException("The host secret contains characters that cannot be sent as metadata; check for a stray quote or newline.");
        }
        return secret;
    }

    public string RequireSecret(Option<string?> option) =>
        OptionalSecret(option)
        ?? throw new UsageException($"This command needs the stream's host secret: pass --secret or set ${CliEnvironment.SecretVariable}.");

    public void Dispose() => _channel.Dispose();
}
