using System.Globalization;
using System.Text;

namespace LiveGrpc.Server.Observability;

/// <summary>OpenTelemetry names to Prometheus names, as OpenTelemetry's Prometheus exporter maps them.</summary>
internal static class PrometheusNames
{
    public static string MetricName(string name, string? unit, bool isCounter)
    {
        var result = Sanitize(name, allowColon: true);
        var suffix = UnitSuffix(unit);
        if (suffix.Length > 0 && !result.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            result += "_" + suffix;
        }
        if (isCounter && !result.EndsWith("_total", StringComparison.Ordinal))
        {
            result += "_total";
        }
        return result;
    }

    public static string LabelName(string key) => Sanitize(key, allowColon: false);

    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string UnitSuffix(string? unit) => unit switch
    {
        null or "" or "1" => "",
        "ms" => "milliseconds",
        "s" => "seconds",
        "By" => "bytes",
        _ when unit.StartsWith('{') => "", // annotations such as {call} carry no unit
        _ => Sanitize(unit, allowColon: false),
    };

    private static string Sanitize(string name, bool allowColon)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            var ok = c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_' or (>= '0' and <= '9') || (allowColon && c == ':');
            sb.Append(ok ? c : '_');
        }
        if (sb.Length == 0 || char.IsDigit(sb[0]))
        {
            sb.Insert(0, '_');
        }
        return sb.ToString();
    }
}
