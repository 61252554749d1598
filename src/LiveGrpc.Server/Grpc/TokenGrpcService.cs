using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using LiveGrpc.Server.Media;
using LiveGrpc.Server.Tokens;
using LiveGrpc.V1;

namespace LiveGrpc.Server.Grpc;

/// <summary>livegrpc.v1.TokenService: request checks, domain calls, and proto mapping — nothing else.</summary>
public sealed class TokenGrpcService(AccessTokenService tokens) : TokenService.TokenServiceBase
{
    public override async Task<CreatePublisherTokenResponse> CreatePublisherToken(CreatePublisherTokenRequest request, ServerCallContext context)
    {
        var issued = await tokens.CreatePublisherTokenAsync(
            RequestChecks.StreamId(request.StreamId), context.GetCaller(), context.GetPeerAddress(), context.CancellationToken);
        return new CreatePublisherTokenResponse
        {
            Token = issued.Token,
            ExpireTime = Timestamp.FromDateTimeOffset(issued.ExpireTime),
            Identity = issued.Identity,
            Media = ToProto(issued.Media),
        };
    }

    public override async Task<CreateViewerTokenResponse> CreateViewerToken(CreateViewerTokenRequest request, ServerCallContext context)
    {
        var issued = await tokens.CreateViewerTokenAsync(
            new ViewerTokenRequest(RequestChecks.StreamId(request.StreamId), request.ViewerPasscode, request.InviteCode, request.DisplayName),
            context.GetPeerAddress(), context.CancellationToken);
        return new CreateViewerTokenResponse
        {
            Token = issued.Token,
            ExpireTime = Timestamp.FromDateTimeOffset(issued.ExpireTime),
            Identity = issued.Identity,
            Media = ToProto(issued.Media),
        };
    }

    public override async Task<CreateInviteResponse> CreateInvite(CreateInviteRequest request, ServerCallContext context)
    {
        TimeSpan? lifetime = request.TtlSeconds == 0 ? null : TimeSpan.FromSeconds(request.TtlSeconds);
        var invite = await tokens.CreateInviteAsync(
            RequestChecks.StreamId(request.StreamId), lifetime, context.GetCaller(), context.GetPeerAddress(), context.CancellationToken);
        return new CreateInviteResponse { InviteCode = invite.Code, ExpireTime = Timestamp.FromDateTimeOffset(invite.ExpireTime) };
    }

    private static MediaConnection ToProto(MediaAccess access) => access switch
    {
        LocalMediaAccess local => new MediaConnection
        {
            Provider = V1.MediaProvider.Local,
            Local = new LocalMedia
            {
                HubPath = local.HubPath,
                MaxViewers = local.MaxViewers,
                IceServers =
                {
                    local.IceServers.Select(ice => new IceServer
                    {
                        Urls = { ice.Urls },
                        Username = ice.Username ?? "",
                        Credential = ice.Credential ?? "",
                    }),
                },
            },
        },
        _ => throw new NotSupportedException($"No mapping for media access {access.GetType().Name}."),
    };
}
