using System.ComponentModel.DataAnnotations;

namespace LiveGrpc.Server.Media;

/// <summary>Configuration section "Media".</summary>
public sealed class MediaOptions
{
    public const string SectionName = "Media";

    /// <summary>Which media path this server offers. Only "Local" exists so far.</summary>
    [RegularExpression("^(?i:local)$", ErrorMessage = "Media:Provider must be \"Local\" (Twilio support is not available yet).")]
    public string Provider { get; set; } = "Local";
}
