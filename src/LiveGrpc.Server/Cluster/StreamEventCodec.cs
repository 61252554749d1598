using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LiveGrpc.Server.Streams;

namespace LiveGrpc.Server.Cluster;

/// <summary>
/// Stream events as JSON on the Redis bus, with a "type" discriminator per event kind. The event
/// records stay free of serialization attributes: the polymorphism is declared here.
/// </summary>
public static class StreamEventCodec
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DeclareEventKinds } },
    };

    public static byte[] Encode(StreamEvent streamEvent) => JsonSerializer.SerializeToUtf8Bytes(streamEvent, Options);

    /// <summary>The event, or null for a message this version does not know (a newer node's kind).</summary>
    public static StreamEvent? Decode(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<StreamEvent>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void DeclareEventKinds(JsonTypeInfo info)
    {
        if (info.Type != typeof(StreamEvent))
        {
            return;
        }
        info.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = "type",
            UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
            DerivedTypes =
            {
                new JsonDerivedType(typeof(StreamStatusChangedEvent), "status"),
                new JsonDerivedType(typeof(ViewerCountChangedEvent), "viewers"),
                new JsonDerivedType(typeof(StreamUpdatedEvent), "updated"),
                new JsonDerivedType(typeof(StreamDeletedEvent), "deleted"),
            },
        };
    }
}
