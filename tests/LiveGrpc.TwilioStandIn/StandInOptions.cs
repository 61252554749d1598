using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;

namespace LiveGrpc.TwilioStandIn;

/// <summary>
/// The stand-in's account and timing. Every credential defaults to a fresh random value, so a
/// test that does not care gets a private account; the ready line and <see cref="TwilioStandIn"/>
/// say which values were chosen. These are fake, test-only credentials.
/// </summary>
public sealed class StandInOptions
{
    public const string SectionName = "StandIn";

    [Required, RegularExpression("^AC[0-9a-fA-F]{32}$", ErrorMessage = "StandIn:AccountSid must be AC followed by 32 hex digits.")]
    public string AccountSid { get; set; } = Sid.New("AC");

    /// <summary>Signs status callbacks (X-Twilio-Signature) and authenticates as AccountSid:AuthToken.</summary>
    [Required, MinLength(32)]
    public string AuthToken { get; set; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    [Required, RegularExpression("^SK[0-9a-fA-F]{32}$", ErrorMessage = "StandIn:ApiKeySid must be SK followed by 32 hex digits.")]
    public string ApiKeySid { get; set; } = Sid.New("SK");

    /// <summary>
    /// Authenticates as ApiKeySid:ApiKeySecret and is the HS256 key of Access Tokens. At least 32
    /// characters, like Twilio's secrets: HS256 keys shorter than 256 bits are refused by JWT libraries.
    /// </summary>
    [Required, MinLength(32)]
    public string ApiKeySecret { get; set; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>How long a PlayerStreamer stays <c>created</c> before it is <c>started</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan PlayerStreamerStartDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often timeouts (empty rooms, participant and media durations) are checked in real time.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan TimerInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a status-callback receiver may take to answer (Twilio waits 15 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
