using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using LiveGrpc.Cli.Parsing;
using LiveGrpc.V1;

namespace LiveGrpc.Cli.Output;

/// <summary>Human-readable renderings of token and invite responses.</summary>
public static class TokenFormat
{
    public static string Token(string role, string token, string identity, Timestamp? expires, MediaConnection? media) =>
        TextFormat.KeyValues(
        [
            ("role", role),
            ("identity", identity),
            ("expires", TextFormat.Time(expires)),
            ("media", Media(media)),
            ("token", token),
        ]);

    public static string Invite(CreateInviteResponse response) =>
        TextFormat.KeyValues([("invite", response.InviteCode), ("expires", TextFormat.Time(response.ExpireTime))]);

    /// <summary>"LOCAL via hub /hubs/streams, up to 20 viewers": what a client would connect to.</summary>
    public static string Media(MediaConnection? media)
    {
        if (media is null)
        {
            return "-";
        }
        var provider = ProtoEnums.ShortName(ContractEnums.MediaProvider, (int)media.Provider);
        return media.DetailsCase switch
        {
            MediaConnection.DetailsOneofCase.Local => string.Create(CultureInfo.InvariantCulture,
                $"{provider} via hub {media.Local.HubPath}, up to {media.Local.MaxViewers} viewers, {media.Local.IceServers.Count} ICE servers"),
            MediaConnection.DetailsOneofCase.TwilioRoom => $"{provider} room {media.TwilioRoom.RoomName}",
            MediaConnection.DetailsOneofCase.TwilioLive => media.TwilioLive.RoomName.Length > 0
                ? $"{provider} room {media.TwilioLive.RoomName}, player streamer {media.TwilioLive.PlayerStreamerId}"
                : $"{provider} player streamer {media.TwilioLive.PlayerStreamerId}",
            _ => provider,
        };
    }
}
