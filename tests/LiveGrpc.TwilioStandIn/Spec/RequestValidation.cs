using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LiveGrpc.TwilioStandIn.Rest;
using Microsoft.OpenApi;

namespace LiveGrpc.TwilioStandIn.Spec;

/// <summary>A request's parameters after validation (path, query and form together; enum values in the spelling of the description).</summary>
internal sealed class RequestValues(Dictionary<string, List<string>> values)
{
    public string? this[string name] => values.TryGetValue(name, out var all) ? all[^1] : null;

    public IReadOnlyList<string> All(string name) => values.TryGetValue(name, out var all) ? all : [];

    public bool Has(string name) => values.ContainsKey(name);
}

/// <summary>
/// Checks a request against its operation in the descriptions, the way Twilio rejects bad input:
/// unknown or missing required form parameters, wrong types, values outside an enum or pattern.
/// Each failure is a 400 with Twilio's code 20001; a path parameter that breaks its pattern is a 404.
/// </summary>
internal static class RequestValidation
{
    public static RequestValues Validate(SpecOperation operation, string requestPath,
        IEnumerable<KeyValuePair<string, string>> pathValues,
        IEnumerable<KeyValuePair<string, string>> query,
        IEnumerable<KeyValuePair<string, string>>? form)
    {
        var accepted = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var parameters = operation.Parameters.Where(p => p.Name is not null).ToDictionary(p => (p.In, p.Name!), p => p);

        foreach (var (name, value) in pathValues)
        {
            if (parameters.TryGetValue((ParameterLocation.Path, name), out var parameter) && Check(parameter.Schema, value) is not null)
            {
                throw new TwilioErrorException(TwilioError.NotFound(requestPath));
            }
            Add(accepted, name, value);
        }

        // Twilio ignores query parameters it does not know (a cache-buster, say); known ones must be valid.
        foreach (var (name, value) in query)
        {
            if (parameters.TryGetValue((ParameterLocation.Query, name), out var parameter))
            {
                Add(accepted, name, Accept(name, parameter.Schema, value));
            }
        }
        foreach (var missing in parameters.Values.Where(p => p is { Required: true, In: ParameterLocation.Query } && !accepted.ContainsKey(p.Name!)))
        {
            throw Invalid($"Missing required parameter {missing.Name} in the query string");
        }

        var fields = operation.FormBody?.Properties ?? new Dictionary<string, IOpenApiSchema>();
        foreach (var (name, value) in form ?? [])
        {
            if (!fields.TryGetValue(name, out var schema))
            {
                throw Invalid($"Unknown parameter {name}");
            }
            // Arrays arrive as the same name repeated (VideoCodecs=VP8&VideoCodecs=H264); each value is one item.
            Add(accepted, name, Accept(name, schema.Type == JsonSchemaType.Array ? schema.Items : schema, value));
        }
        foreach (var required in operation.FormBody?.Required ?? new HashSet<string>())
        {
            if (!accepted.ContainsKey(required))
            {
                throw Invalid($"Missing required parameter {required} in the post body");
            }
        }
        return new RequestValues(accepted);
    }

    private static string Accept(string name, IOpenApiSchema? schema, string value) =>
        Check(schema, value) is { } problem ? throw Invalid($"Invalid value '{value}' for parameter {name}: {problem}") : Canonical(schema, value);

    /// <summary>Why the value does not fit the schema, or null when it does.</summary>
    private static string? Check(IOpenApiSchema? schema, string value)
    {
        if (schema is null)
        {
            return null;
        }
        if (schema.Enum is { Count: > 0 } allowed && !allowed.Any(a => string.Equals(a?.ToString(), value, StringComparison.OrdinalIgnoreCase)))
        {
            return $"must be one of {string.Join(", ", allowed)}";
        }
        if (schema.Pattern is { } pattern && !Regex.IsMatch(value, pattern))
        {
            return $"must match {pattern}";
        }
        return schema.Type switch
        {
            JsonSchemaType.Integer when !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => "must be an integer",
            JsonSchemaType.Integer when OutOfRange(schema, long.Parse(value, CultureInfo.InvariantCulture)) is { } range => range,
            JsonSchemaType.Number when !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => "must be a number",
            JsonSchemaType.Boolean when !bool.TryParse(value, out _) => "must be true or false",
            JsonSchemaType.Object when !IsJsonObject(value) => "must be a JSON object",
            JsonSchemaType.String when schema.Format == "uri" && !IsWebUrl(value) => "must be an absolute http(s) URL",
            JsonSchemaType.String when schema.Format == "date-time" && !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _) => "must be an ISO 8601 date-time",
            _ => null,
        };
    }

    private static string? OutOfRange(IOpenApiSchema schema, long value)
    {
        var minimum = schema.Minimum is { } min ? long.Parse(min, CultureInfo.InvariantCulture) : long.MinValue;
        var maximum = schema.Maximum is { } max ? long.Parse(max, CultureInfo.InvariantCulture) : long.MaxValue;
        return value < minimum || value > maximum ? $"must be between {schema.Minimum ?? "-"} and {schema.Maximum ?? "-"}" : null;
    }

    /// <summary>Twilio matches enums without regard to case (its own Live samples sent Status=ENDED); the stored value uses the description's spelling.</summary>
    private static string Canonical(IOpenApiSchema? schema, string value) =>
        schema?.Enum?.Select(a => a?.ToString()).FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase)) ?? value;

    private static bool IsWebUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static bool IsJsonObject(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void Add(Dictionary<string, List<string>> accepted, string name, string value)
    {
        if (!accepted.TryGetValue(name, out var values))
        {
            accepted[name] = values = [];
        }
        values.Add(value);
    }

    private static TwilioErrorException Invalid(string message) => new(TwilioError.InvalidParameter(message));
}
