using System.Collections;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace LiveGrpc.TwilioStandIn.Spec;

/// <summary>One operation of Twilio's descriptions: what the stand-in routes, validates and answers.</summary>
/// <param name="Server">Twilio's host for the path (https://video.twilio.com): resource URLs in bodies name
/// Twilio's hosts, as Twilio's own responses do; clients map those hosts to the stand-in.</param>
/// <param name="ResourceSchemaId">The resource the operation returns (for a list: one item), e.g. video.v1.room.</param>
/// <param name="ListKey">The list's key in the paging envelope (rooms, participants, ...); null for single resources.</param>
internal sealed record SpecOperation(
    string OperationId,
    string Method,
    string PathTemplate,
    string Server,
    IReadOnlyList<IOpenApiParameter> Parameters,
    IOpenApiSchema? FormBody,
    int SuccessStatus,
    string? ResourceSchemaId,
    string? ListKey);

/// <summary>
/// Twilio's Video v1 and Media v1 OpenAPI descriptions, loaded once: the operations the stand-in
/// routes, and how resources are rendered (fields, SIDs, url and links) so that every body has
/// exactly the shape the descriptions give it.
/// </summary>
internal sealed partial class TwilioApi
{
    private static readonly string[] DescriptionResources = ["OpenApi.twilio_video_v1.json", "OpenApi.twilio_media_v1.json"];

    private readonly Dictionary<string, IOpenApiSchema> schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Server, string Path, JsonObject? Links)> instancePaths = new(StringComparer.Ordinal);

    public IReadOnlyList<SpecOperation> Operations { get; }

    private TwilioApi(IReadOnlyList<SpecOperation> operations) => Operations = operations;

    public static TwilioApi Load()
    {
        var operations = new List<SpecOperation>();
        var documents = DescriptionResources.Select(LoadDocument).ToList();
        var api = new TwilioApi(operations);
        foreach (var document in documents)
        {
            foreach (var (id, schema) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
            {
                api.schemas[id] = schema;
            }
            foreach (var (path, item) in document.Paths)
            {
                var server = (item.Servers?.FirstOrDefault() ?? document.Servers?.FirstOrDefault())?.Url
                    ?? throw new InvalidOperationException($"{path} names no server");
                var twilio = TwilioExtension(item);
                foreach (var (method, operation) in item.Operations ?? [])
                {
                    var (status, response) = operation.Responses!.First(r => r.Key.StartsWith('2'));
                    var body = response.Content?.TryGetValue("application/json", out var media) == true ? media.Schema : null;
                    var (resourceId, listKey) = ResourceOf(body);
                    operations.Add(new SpecOperation(
                        operation.OperationId!,
                        method.Method,
                        path,
                        server.TrimEnd('/'),
                        [.. operation.Parameters ?? [], .. item.Parameters ?? []],
                        operation.RequestBody?.Content?.TryGetValue("application/x-www-form-urlencoded", out var form) == true ? form.Schema : null,
                        int.Parse(status, System.Globalization.CultureInfo.InvariantCulture),
                        resourceId,
                        listKey));
                    // The instance path (GET .../{Sid}) is where a resource's own `url` points.
                    if (method == HttpMethod.Get && listKey is null && resourceId is not null
                        && twilio?["pathType"]?.GetValue<string>() == "instance")
                    {
                        api.instancePaths.TryAdd(resourceId, (server.TrimEnd('/'), path, twilio["dependentProperties"] as JsonObject));
                    }
                }
            }
        }
        return api;
    }

    public IOpenApiSchema Schema(string schemaId) =>
        schemas.TryGetValue(schemaId, out var schema) ? schema : throw new InvalidOperationException($"No schema {schemaId}");

    /// <summary>A new SID with the prefix the schema's <c>sid</c> pattern names (^RM[0-9a-fA-F]{32}$ → RM...).</summary>
    public string NewSid(string schemaId)
    {
        var pattern = Schema(schemaId).Properties?.TryGetValue("sid", out var sid) == true ? sid.Pattern : null;
        var match = SidPattern().Match(pattern ?? "");
        return match.Success ? Sid.New(match.Groups[1].Value) : throw new InvalidOperationException($"{schemaId} has no SID prefix");
    }

    /// <summary>
    /// A resource as Twilio returns it: every property of the schema in the schema's order, null
    /// where the stand-in has no value, <c>url</c> and <c>links</c> filled from the descriptions.
    /// A field the schema does not have is a bug in the stand-in, so it throws.
    /// </summary>
    public JsonObject Render(string schemaId, IReadOnlyDictionary<string, object?> fields)
    {
        var properties = Schema(schemaId).Properties ?? new Dictionary<string, IOpenApiSchema>();
        var unknown = fields.Keys.Where(name => !properties.ContainsKey(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"{schemaId} has no field {string.Join(", ", unknown)}");
        }
        instancePaths.TryGetValue(schemaId, out var instance);
        var json = new JsonObject();
        foreach (var name in properties.Keys)
        {
            json[name] = name switch
            {
                "url" when !fields.ContainsKey(name) && instance.Path is not null => instance.Server + Fill(instance.Path, fields),
                "links" when !fields.ContainsKey(name) && instance.Links is not null => Links(instance.Server, instance.Links, fields),
                _ => ToJson(fields.GetValueOrDefault(name)),
            };
        }
        return json;
    }

    /// <summary>Twilio's paging envelope: <c>{"&lt;key&gt;": [...], "meta": {page, page_size, key, url, first/previous/next_page_url}}</c>.</summary>
    public JsonObject RenderPage(SpecOperation operation, IReadOnlyList<IReadOnlyDictionary<string, object?>> items, string requestPath, IEnumerable<KeyValuePair<string, string>> query)
    {
        var parameters = query.ToList();
        int Read(string name, int fallback) =>
            parameters.LastOrDefault(p => p.Key == name).Value is { } text && int.TryParse(text, out var value) ? value : fallback;
        var pageSize = Read("PageSize", 50);
        var page = Read("Page", 0);
        // Page URLs keep the request's filters; PageToken is opaque to clients (the page number decides here).
        var filters = parameters.Where(p => p.Key is not ("PageSize" or "Page" or "PageToken"))
            .Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)).ToList();
        string PageUrl(int number) =>
            operation.Server + requestPath + QueryString.Create([.. filters, new("PageSize", pageSize.ToString()), new("Page", number.ToString()),
                .. number > 0 ? [new KeyValuePair<string, string?>("PageToken", $"PT{number * pageSize}")] : Array.Empty<KeyValuePair<string, string?>>()]);
        var onPage = items.Skip(page * pageSize).Take(pageSize).Select(item => (JsonNode?)Render(operation.ResourceSchemaId!, item));
        return new JsonObject
        {
            [operation.ListKey!] = new JsonArray([.. onPage]),
            ["meta"] = new JsonObject
            {
                ["page"] = page,
                ["page_size"] = pageSize,
                ["first_page_url"] = PageUrl(0),
                ["previous_page_url"] = page > 0 ? PageUrl(page - 1) : null,
                ["url"] = PageUrl(page),
                ["next_page_url"] = (page + 1) * pageSize < items.Count ? PageUrl(page + 1) : null,
                ["key"] = operation.ListKey,
            },
        };
    }

    private static OpenApiDocument LoadDocument(string resource)
    {
        using var stream = typeof(TwilioApi).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded description {resource} is missing");
        var result = OpenApiDocument.Load(ToMemory(stream), "json", new OpenApiReaderSettings());
        if (result.Diagnostic?.Errors.Count > 0 || result.Document is null)
        {
            throw new InvalidOperationException($"{resource} did not load: {string.Join("; ", result.Diagnostic?.Errors ?? [])}");
        }
        return result.Document;
    }

    private static MemoryStream ToMemory(Stream stream)
    {
        var memory = new MemoryStream();
        stream.CopyTo(memory);
        memory.Position = 0;
        return memory;
    }

    private static JsonObject? TwilioExtension(IOpenApiPathItem item) =>
        (item as IOpenApiExtensible)?.Extensions?.TryGetValue("x-twilio", out var extension) == true
            ? (extension as JsonNodeExtension)?.Node as JsonObject
            : null;

    /// <summary>A single resource is a $ref to a component; a list is an object whose one array property (beside meta) holds them.</summary>
    private static (string? ResourceId, string? ListKey) ResourceOf(IOpenApiSchema? body)
    {
        if (body is OpenApiSchemaReference reference)
        {
            return (reference.Reference.Id, null);
        }
        var list = body?.Properties?.FirstOrDefault(p => p.Key != "meta" && p.Value.Type == JsonSchemaType.Array);
        return list is { Key: { } key, Value.Items: OpenApiSchemaReference item } ? (item.Reference.Id, key) : (null, null);
    }

    /// <summary>/v1/Rooms/{RoomSid}/Participants/{Sid} with fields room_sid and sid.</summary>
    private static string Fill(string template, IReadOnlyDictionary<string, object?> fields) =>
        TemplateVariable().Replace(template, match => Uri.EscapeDataString(
            fields.GetValueOrDefault(SnakeCase(match.Groups[1].Value))?.ToString() ?? match.Value));

    /// <summary>x-twilio dependentProperties: {"participants": {"mapping": {"room_sid": "sid"}, "resource_url": "/v1/Rooms/{room_sid}/Participants"}}.</summary>
    private static JsonObject Links(string server, JsonObject dependents, IReadOnlyDictionary<string, object?> fields)
    {
        var links = new JsonObject();
        foreach (var (name, dependent) in dependents)
        {
            var mapping = dependent?["mapping"]?.AsObject() ?? [];
            var url = TemplateVariable().Replace(dependent?["resource_url"]?.GetValue<string>() ?? "", match =>
                mapping[match.Groups[1].Value]?.GetValue<string>() is { } field && fields.GetValueOrDefault(field) is { } value
                    ? Uri.EscapeDataString(value.ToString()!)
                    : match.Value);
            links[name] = server + url;
        }
        return links;
    }

    private static string SnakeCase(string pascal) => PascalBoundary().Replace(pascal, "_$1").ToLowerInvariant();

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        DateTimeOffset time => StandInClock.Iso(time),
        string text => text,
        bool flag => flag,
        int number => number,
        long number => number,
        IEnumerable<string> texts => new JsonArray([.. texts.Select(text => (JsonNode?)text)]),
        IEnumerable sequence => new JsonArray([.. sequence.Cast<object?>().Select(ToJson)]),
        _ => throw new InvalidOperationException($"No JSON form for {value.GetType()}"),
    };

    [GeneratedRegex(@"^\^([A-Z]{2})\[0-9a-fA-F\]\{32\}\$$")]
    private static partial Regex SidPattern();

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex TemplateVariable();

    [GeneratedRegex(@"(?<!^)([A-Z])")]
    private static partial Regex PascalBoundary();
}
