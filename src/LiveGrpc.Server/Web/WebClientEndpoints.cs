using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace LiveGrpc.Server.Web;

/// <summary>
/// Serves the browser client on the web port: its hashed assets, and index.html for every page
/// path (the client routes by path). Static files are served by endpoints, not middleware, because
/// Grpc.AspNetCore maps "/{service}/{method}" for UNIMPLEMENTED answers and that route would
/// otherwise claim two-segment paths such as /assets/index.js and /watch/{id}.
/// </summary>
public static class WebClientEndpoints
{
    /// <summary>Page paths the client renders; each answers with index.html.</summary>
    private static readonly string[] PagePatterns = ["/", "/host", "/host/{streamId}", "/watch/{streamId}"];

    private static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head];

    public static WebApplication MapWebClient(this WebApplication app)
    {
        var options = app.Configuration.GetSection(WebClientOptions.SectionName).Get<WebClientOptions>() ?? new WebClientOptions();
        var root = options.ResolveRootPath();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LiveGrpc.Server.Web");

        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            logger.LogWarning("The web client is not built (no index.html in {Root}); pages answer 503. Build the server with Node.js and npm installed.", root);
            foreach (var pattern in PagePatterns)
            {
                app.MapMethods(pattern, ReadMethods, () => Results.Text(
                    "The LiveGrpc web client is not built. Install Node.js 20+ and npm, then run: dotnet build src/LiveGrpc.Server",
                    statusCode: StatusCodes.Status503ServiceUnavailable));
            }
            return app;
        }

        var files = new PhysicalFileProvider(root);
        var assetPipeline = ((IEndpointRouteBuilder)app).CreateApplicationBuilder();
        assetPipeline
            .Use((context, next) =>
            {
                // The matched endpoint is this one; static files only serve requests no endpoint claimed.
                context.SetEndpoint(null);
                return next(context);
            })
            .UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                ContentTypeProvider = new FileExtensionContentTypeProvider(),
                OnPrepareResponse = file =>
                    // Vite puts a content hash in every asset name, so an asset never changes.
                    file.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable",
            })
            .Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        app.MapMethods("/assets/{**path}", ReadMethods, assetPipeline.Build()).WithDisplayName("Web client assets");

        var index = files.GetFileInfo("index.html");
        foreach (var pattern in PagePatterns)
        {
            app.MapMethods(pattern, ReadMethods, (HttpContext context) => ServeIndex(context, index)).WithDisplayName($"Web client page {pattern}");
        }
        // Any other page-looking path (no file extension) gets the client, which shows "page not found";
        // a gRPC method path ("/package.Service/Method", POST only) is never a page.
        app.MapFallback("{*path:nonfile}", (HttpContext context) =>
            (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)) && !IsGrpcMethodPath(context.Request.Path)
                ? ServeIndex(context, index)
                : Results.NotFound());
        return app;
    }

    private static bool IsGrpcMethodPath(PathString path)
    {
        var value = path.Value ?? "";
        var slash = value.IndexOf('/', 1);
        return slash > 0 && value.AsSpan(1, slash - 1).Contains('.');
    }

    private static IResult ServeIndex(HttpContext context, IFileInfo index)
    {
        // index.html names the current hashed assets: always revalidate it.
        context.Response.Headers.CacheControl = "no-cache";
        return Results.File(index.PhysicalPath!, "text/html; charset=utf-8", lastModified: index.LastModified, enableRangeProcessing: false);
    }
}
