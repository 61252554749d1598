using Microsoft.EntityFrameworkCore;

namespace LiveGrpc.Server.Persistence;

/// <summary>
/// Hands out the configured provider's context as the shared <see cref="LiveGrpcDbContext"/>, so
/// the store and the migrator do not care which provider runs (IDbContextFactory is not covariant).
/// </summary>
internal sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> provider) : IDbContextFactory<LiveGrpcDbContext>
    where TContext : LiveGrpcDbContext
{
    public LiveGrpcDbContext CreateDbContext() => provider.CreateDbContext();

    public async Task<LiveGrpcDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await provider.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
}
