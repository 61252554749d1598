namespace LiveGrpc.Server.Streams;

/// <summary>What a host chooses when creating a stream. <see cref="Passcode"/> is plain text here and hashed before storage.</summary>
public sealed record NewStream(string Title, string Description, Visibility Visibility, string? Passcode);
