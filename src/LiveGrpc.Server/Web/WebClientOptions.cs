namespace LiveGrpc.Server.Web;

/// <summary>Configuration section "WebClient": where the built web client (web-client/dist) is served from.</summary>
public sealed class WebClientOptions
{
    public const string SectionName = "WebClient";

    /// <summary>
    /// The folder holding index.html and assets/. Defaults to "wwwroot" beside the server's
    /// binaries, where the build copies web-client/dist.
    /// </summary>
    public string? RootPath { get; set; }

    public string ResolveRootPath() =>
        string.IsNullOrWhiteSpace(RootPath) ? Path.Combine(AppContext.BaseDirectory, "wwwroot") : Path.GetFullPath(RootPath);
}
