using Grpc.Core;

namespace LiveGrpc.Cli.Clients;

/// <summary>The `authorization: Bearer ...` header every host action and token-bearing watch sends.</summary>
public static class BearerMetadata
{
    public static Metadata For(string credential)
    {
        ArgumentException.ThrowIfNullOrEmpty(credential);
        return new Metadata { { "authorization", "Bearer " + credential } };
    }
}
