namespace LiveGrpc.Server.Media;

/// <summary>Media paths; values match livegrpc.v1.MediaProvider.</summary>
public enum MediaProviderKind
{
    Local = 1,
    TwilioRoom = 2,
    TwilioLive = 3,
}
