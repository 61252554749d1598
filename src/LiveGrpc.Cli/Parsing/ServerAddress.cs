namespace LiveGrpc.Cli.Parsing;

/// <summary>
/// The gRPC server address from --server, LIVEGRPC_SERVER or the default. "host:port" means h2c
/// (http://), the common case on a LAN; TLS needs an explicit https:// address.
/// </summary>
public static class ServerAddress
{
    public static Uri Resolve(string? option, CliEnvironment environment)
    {
        var text = !string.IsNullOrWhiteSpace(option) ? option
            : environment.GetVariable(CliEnvironment.ServerVariable) is { Length: > 0 } fromEnv ? fromEnv
            : CliEnvironment.DefaultServer;
        return Parse(text);
    }

    public static Uri Parse(string text)
    {
        var trimmed = text.Trim();
        var withScheme = trimmed.Contains("://", StringComparison.Ordinal) ? trimmed : "http://" + trimmed;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
        {
            throw new UsageException($"\"{text}\" is not a server address; use http://host:port (h2c) or https://host:port (TLS).");
        }
        if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
        {
            // The gRPC path is /package.Service/Method; a base path would silently miss every method.
            throw new UsageException($"\"{text}\" has a path; a gRPC server address is only scheme://host:port.");
        }
        return uri;
    }
}
