using System.Globalization;
using LiveGrpc.TwilioStandIn.Spec;

namespace LiveGrpc.TwilioStandIn.Rest;

/// <summary>A validated REST call handed to a resource store.</summary>
internal sealed record RestCall(SpecOperation Operation, RequestValues Values, DateTimeOffset Now)
{
    public string Path(string name) => Values[name] ?? throw new InvalidOperationException($"No path parameter {name}");

    public string? Text(string name) => Values[name];

    public int? Integer(string name) => Values[name] is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    public bool? Boolean(string name) => Values[name] is { } text ? bool.Parse(text) : null;

    public DateTimeOffset? Time(string name) =>
        Values[name] is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;
}

/// <summary>
/// What a store answers: one resource or a list (paged by the caller), as field values named
/// like the description's schema (sid, unique_name, ...). Rendering adds url, links and nulls.
/// </summary>
internal sealed record RestReply(IReadOnlyDictionary<string, object?>? Resource, IReadOnlyList<IReadOnlyDictionary<string, object?>>? Items)
{
    public static RestReply Of(IReadOnlyDictionary<string, object?> resource) => new(resource, null);

    public static RestReply ListOf(IEnumerable<IReadOnlyDictionary<string, object?>> items) => new(null, [.. items]);
}

internal delegate RestReply RestHandler(RestCall call);

/// <summary>A store that answers some of the descriptions' operations, by operationId.</summary>
internal interface IRestResources
{
    IEnumerable<(string OperationId, RestHandler Handler)> Handlers { get; }
}

/// <summary>A store whose resources change with time (timeouts, start delays, maximum durations).</summary>
internal interface ITimedResources
{
    void Tick(DateTimeOffset now);
}
