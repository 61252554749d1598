using System.ComponentModel.DataAnnotations;

namespace LiveGrpc.Server.Persistence;

/// <summary>Configuration section "Storage".</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Where the SQLite database and the generated signing key live; relative paths are under the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    public string ResolveDataDirectory() => Path.GetFullPath(DataDirectory);

    public string DatabasePath => Path.Combine(ResolveDataDirectory(), "livegrpc.db");
}
