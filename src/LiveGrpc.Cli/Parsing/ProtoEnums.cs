using System.Text;
using Google.Protobuf.Reflection;

namespace LiveGrpc.Cli.Parsing;

/// <summary>
/// Enum values as a person types and reads them: "live" for STREAM_STATUS_LIVE. Names come from
/// the .proto descriptors (not the C# member names), so output matches the proto JSON of --json.
/// </summary>
public static class ProtoEnums
{
    /// <summary>"STREAM_STATUS_" for StreamStatus: the buf STANDARD prefix every value carries.</summary>
    public static string PrefixOf(EnumDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var sb = new StringBuilder();
        foreach (var c in descriptor.Name)
        {
            if (char.IsUpper(c) && sb.Length > 0)
            {
                sb.Append('_');
            }
            sb.Append(char.ToUpperInvariant(c));
        }
        return sb.Append('_').ToString();
    }

    /// <summary>The value's name without the prefix, e.g. "LIVE"; the number itself for values the descriptor lacks.</summary>
    public static string ShortName(EnumDescriptor descriptor, int number)
    {
        var value = descriptor.FindValueByNumber(number);
        if (value is null)
        {
            return number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var prefix = PrefixOf(descriptor);
        return value.Name.StartsWith(prefix, StringComparison.Ordinal) ? value.Name[prefix.Length..] : value.Name;
    }

    /// <summary>Accepts "live", "LIVE" or "STREAM_STATUS_LIVE", any case; never the UNSPECIFIED value.</summary>
    public static bool TryParse(EnumDescriptor descriptor, string? text, out int number)
    {
        number = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var wanted = text.Trim().Replace('-', '_').ToUpperInvariant();
        var prefix = PrefixOf(descriptor);
        foreach (var value in descriptor.Values)
        {
            if (value.Number == 0)
            {
                continue;
            }
            if (value.Name == wanted || value.Name == prefix + wanted)
            {
                number = value.Number;
                return true;
            }
        }
        return false;
    }

    /// <summary>"offline, starting, live, ..." for help text and error messages.</summary>
    public static string Choices(EnumDescriptor descriptor) =>
        string.Join(", ", descriptor.Values.Where(v => v.Number != 0).Select(v => ShortName(descriptor, v.Number).ToLowerInvariant()));
}
