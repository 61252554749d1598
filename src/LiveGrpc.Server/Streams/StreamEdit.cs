namespace LiveGrpc.Server.Streams;

/// <summary>
/// A partial update: null leaves a field unchanged. An empty <see cref="Passcode"/> removes the
/// passcode (a PRIVATE stream is then invite-only).
/// </summary>
public sealed record StreamEdit(string? Title, string? Description, Visibility? Visibility, string? Passcode);
