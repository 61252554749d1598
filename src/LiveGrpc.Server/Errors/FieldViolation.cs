namespace LiveGrpc.Server.Errors;

/// <summary>One bad field of a request: its path (e.g. "stream.title") and what is wrong with it.</summary>
public sealed record FieldViolation(string Field, string Description);
