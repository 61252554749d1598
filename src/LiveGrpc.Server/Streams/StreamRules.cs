using LiveGrpc.Server.Errors;

namespace LiveGrpc.Server.Streams;

/// <summary>Limits on what hosts may set, with messages that say how to fix a violation.</summary>
public static class StreamRules
{
    public const int MaxTitleLength = 120;
    public const int MaxDescriptionLength = 2000;
    public const int MinPasscodeLength = 4;
    public const int MaxPasscodeLength = 64;

    /// <summary>The trimmed title, or a violation for <paramref name="field"/>.</summary>
    public static string NormalizeTitle(string? title, string field, List<FieldViolation> violations)
    {
        var trimmed = (title ?? "").Trim();
        if (trimmed.Length == 0)
        {
            violations.Add(new(field, "A title is required (1 to 120 characters)."));
        }
        else if (trimmed.Length > MaxTitleLength)
        {
            violations.Add(new(field, $"The title is {trimmed.Length} characters long; the limit is {MaxTitleLength}."));
        }
        else if (trimmed.Any(char.IsControl))
        {
            violations.Add(new(field, "The title must not contain control characters such as line breaks or tabs."));
        }
        return trimmed;
    }

    public static string NormalizeDescription(string? description, string field, List<FieldViolation> violations)
    {
        var value = description ?? "";
        if (value.Length > MaxDescriptionLength)
        {
            violations.Add(new(field, $"The description is {value.Length} characters long; the limit is {MaxDescriptionLength}."));
        }
        return value;
    }

    public static void CheckPasscode(string passcode, string field, List<FieldViolation> violations)
    {
        if (passcode.Length is < MinPasscodeLength or > MaxPasscodeLength)
        {
            violations.Add(new(field, $"A viewer passcode must be {MinPasscodeLength} to {MaxPasscodeLength} characters."));
        }
    }

    public static void ThrowIfAny(List<FieldViolation> violations)
    {
        if (violations.Count > 0)
        {
            throw new ValidationException(violations);
        }
    }
}
