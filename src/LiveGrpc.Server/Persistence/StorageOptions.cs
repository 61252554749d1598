using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace LiveGrpc.Server.Persistence;

/// <summary>Configuration section "Storage", plus the connection string <c>ConnectionStrings:LiveGrpc</c>.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string SectionName = "Storage";

    /// <summary>The name under <c>ConnectionStrings</c> (ASP.NET Core's convention; env <c>ConnectionStrings__LiveGrpc</c>).</summary>
    public const string ConnectionStringName = "LiveGrpc";

    /// <summary>
    /// "Sqlite" (the embedded default: one file, one node) or "PostgreSql" (shared by several
    /// nodes). A string rather than an enum so a typo fails validation with a readable message.
    /// </summary>
    [RegularExpression("^(?i:sqlite|postgresql)$", ErrorMessage = "Storage:Provider must be \"Sqlite\" (the embedded default) or \"PostgreSql\".")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Where the SQLite database and the generated signing key live; relative paths are under the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// Apply pending migrations when the server starts. Turn off when a deployment runs
    /// <c>LiveGrpc.Server migrate</c> once before starting its nodes; a node then refuses to
    /// start on a database that is behind.
    /// </summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// <c>ConnectionStrings:LiveGrpc</c>, filled in at registration. Required for PostgreSql; for
    /// Sqlite it replaces the default file in <see cref="DataDirectory"/>. Not bindable from the
    /// Storage section (internal setter), so there is exactly one place to put it.
    /// </summary>
    public string? ConnectionString { get; internal set; }

    public bool UsesPostgreSql => string.Equals(Provider, "PostgreSql", StringComparison.OrdinalIgnoreCase);

    public string ResolveDataDirectory() => Path.GetFullPath(DataDirectory);

    public string DatabasePath => Path.Combine(ResolveDataDirectory(), "livegrpc.db");

    public string SqliteConnectionString => string.IsNullOrWhiteSpace(ConnectionString) ? $"Data Source={DatabasePath}" : ConnectionString;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!UsesPostgreSql)
        {
            yield break;
        }
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                $"Storage:Provider is PostgreSql but ConnectionStrings:{ConnectionStringName} is not set; set it, e.g. " +
                $"ConnectionStrings__{ConnectionStringName}=\"Host=db.example;Database=livegrpc;Username=livegrpc;Password=...\".",
                [nameof(ConnectionString)]);
            yield break;
        }
        string? problem = null;
        try
        {
            _ = new NpgsqlConnectionStringBuilder(ConnectionString);
        }
        catch (Exception invalid) when (invalid is ArgumentException or FormatException)
        {
            // The message names the bad keyword, never the value (it may hold the password).
            problem = invalid.Message;
        }
        if (problem is not null)
        {
            yield return new ValidationResult(
                $"ConnectionStrings:{ConnectionStringName} is not a valid PostgreSQL connection string: {problem}", [nameof(ConnectionString)]);
        }
    }
}
