using LiveGrpc.Server.Errors;

namespace LiveGrpc.Server.Grpc;

/// <summary>Checks on request fields that are about the API's shape rather than the domain.</summary>
public static class RequestChecks
{
    public const int MaxIdLength = 64;
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static string StreamId(string? value, string field = "stream_id")
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ValidationException(field, "A stream id is required (e.g. \"st_4f9c2a7d1b3e\").");
        }
        if (value.Length > MaxIdLength)
        {
            throw new ValidationException(field, $"A stream id is at most {MaxIdLength} characters.");
        }
        return value;
    }

    public static int PageSize(int value, string field = "page_size") => value switch
    {
        0 => DefaultPageSize,
        >= 1 and <= MaxPageSize => value,
        _ => throw new ValidationException(field, $"page_size must be 1 to {MaxPageSize} (0 means {DefaultPageSize}); it was {value}."),
    };

    public static TEnum? DefinedOrUnspecified<TEnum>(int value, string field) where TEnum : struct, Enum
    {
        if (value == 0)
        {
            return null;
        }
        var converted = (TEnum)Enum.ToObject(typeof(TEnum), value);
        return Enum.IsDefined(converted)
            ? converted
            : throw new ValidationException(field, $"{value} is not a known value for {field}.");
    }
}
