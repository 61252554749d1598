namespace LiveGrpc.Server.Errors;

/// <summary>The request is malformed; each violation names a field (INVALID_ARGUMENT).</summary>
public sealed class ValidationException(IReadOnlyList<FieldViolation> violations)
    : DomainException(string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public ValidationException(string field, string description) : this([new FieldViolation(field, description)]) { }

    public IReadOnlyList<FieldViolation> Violations { get; } = violations;
}
