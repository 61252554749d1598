using LiveGrpc.Server.Tokens;

namespace LiveGrpc.Server.Extensions;

public static class TokensExtensions
{
    /// <summary>Signing keys, token issuance and validation, and per-peer issuance limits (section "Tokens").</summary>
    public static IHostApplicationBuilder AddTokens(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TokenOptions>().BindConfiguration(TokenOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ServerKeys>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<TokenIssuanceLimiter>();
        builder.Services.AddSingleton<StreamReadCache>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StreamReadCache>());
        builder.Services.AddSingleton<AccessTokenService>();
        return builder;
    }
}
