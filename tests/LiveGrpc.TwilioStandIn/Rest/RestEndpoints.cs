using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LiveGrpc.TwilioStandIn.Control;
using LiveGrpc.TwilioStandIn.Spec;
using Microsoft.Extensions.Options;

namespace LiveGrpc.TwilioStandIn.Rest;

/// <summary>
/// Twilio's REST surface: one route per path and method of the descriptions, behind Twilio's
/// HTTP Basic auth, with faults injected per route, each request validated against its
/// operation and answered by the store that owns it (or 501 where no store models it).
/// </summary>
internal static class RestEndpoints
{
    public const string ControlPrefix = "/_standin";
    private const string FaultItem = "standin.fault";

    public static void MapTwilioRest(this WebApplication app)
    {
        var api = app.Services.GetRequiredService<TwilioApi>();
        var handlers = app.Services.GetServices<IRestResources>().SelectMany(r => r.Handlers).ToDictionary(h => h.OperationId, h => h.Handler);
        var unknown = handlers.Keys.Except(api.Operations.Select(o => o.OperationId)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"Handlers for operations the descriptions do not have: {string.Join(", ", unknown)}");
        }

        foreach (var operation in api.Operations)
        {
            var handler = handlers.GetValueOrDefault(operation.OperationId);
            app.MapMethods(operation.PathTemplate, [operation.Method], (HttpContext http) => ExecuteAsync(http, operation, handler))
                .WithMetadata(operation);
        }
        // A known path with a method it does not have is Twilio's 405, not a 404.
        foreach (var path in api.Operations.Select(o => o.PathTemplate).Distinct())
        {
            app.Map(path, (HttpContext http) => WriteErrorAsync(http, TwilioError.MethodNotAllowed(http.Request.Method, http.Request.Path))).WithOrder(1);
        }
        app.MapFallback((HttpContext http) => WriteErrorAsync(http, TwilioError.NotFound(http.Request.Path)));
    }

    /// <summary>Records every REST request (not the control API) with the status it got.</summary>
    public static async Task RecordAsync(HttpContext http, Func<Task> next)
    {
        if (http.Request.Path.StartsWithSegments(ControlPrefix))
        {
            await next();
            return;
        }
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        var recorded = 0;
        void Record()
        {
            // Once per request, before the answer leaves (so a client that got it finds it logged).
            if (Interlocked.Exchange(ref recorded, 1) == 1)
            {
                return;
            }
            var operation = http.GetEndpoint()?.Metadata.GetMetadata<SpecOperation>();
            http.RequestServices.GetRequiredService<RequestLog>().Add(new RecordedRequest(
                http.RequestServices.GetRequiredService<StandInClock>().Now,
                http.Request.Method,
                http.Request.Path,
                operation?.PathTemplate,
                operation?.OperationId,
                [.. Pairs(http.Request.Query)],
                [.. form is null ? [] : Pairs(form)],
                http.Response.StatusCode,
                http.Items[FaultItem] as string,
                BasicCredentials(http.Request)?.User));
        }
        http.Response.OnStarting(() =>
        {
            Record();
            return Task.CompletedTask;
        });
        try
        {
            await next();
        }
        finally
        {
            Record();
        }
    }

    /// <summary>Twilio's HTTP Basic auth: AccountSid:AuthToken or ApiKeySid:ApiKeySecret; anything else is 401 (20003).</summary>
    public static async Task AuthenticateAsync(HttpContext http, Func<Task> next)
    {
        if (http.Request.Path.StartsWithSegments(ControlPrefix))
        {
            await next();
            return;
        }
        var options = http.RequestServices.GetRequiredService<IOptions<StandInOptions>>().Value;
        var credentials = BasicCredentials(http.Request);
        var valid = credentials is var (user, password)
            && ((user == options.AccountSid && SameSecret(password, options.AuthToken))
                || (user == options.ApiKeySid && SameSecret(password, options.ApiKeySecret)));
        if (!valid)
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
            await WriteErrorAsync(http, TwilioError.Authenticate());
            return;
        }
        await next();
    }

    public static Task WriteErrorAsync(HttpContext http, TwilioError error)
    {
        http.Response.StatusCode = error.Status;
        return http.Response.WriteAsJsonAsync(error, http.RequestAborted);
    }

    private static async Task ExecuteAsync(HttpContext http, SpecOperation operation, RestHandler? handler)
    {
        var services = http.RequestServices;
        var fault = services.GetRequiredService<RestFaults>().Take(operation.Method, operation.PathTemplate);
        if (fault is not null)
        {
            http.Items[FaultItem] = fault.Describe();
            if (fault.LatencyMs > 0)
            {
                try
                {
                    await Task.Delay(fault.LatencyMs, http.RequestAborted);
                }
                catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
                {
                    // The client gave up waiting (the point of a latency fault); nothing is left to answer.
                    return;
                }
            }
            if (fault.Status is not null && !fault.AfterEffect)
            {
                await WriteFaultAsync(http, fault);
                return;
            }
        }

        object body;
        try
        {
            var values = RequestValidation.Validate(operation, http.Request.Path,
                http.Request.RouteValues.Select(r => new KeyValuePair<string, string>(r.Key, r.Value?.ToString() ?? "")),
                Pairs(http.Request.Query),
                http.Request.HasFormContentType ? Pairs(await http.Request.ReadFormAsync(http.RequestAborted)) : null);
            if (handler is null)
            {
                throw new TwilioErrorException(TwilioError.NotImplemented(operation.OperationId));
            }
            var api = services.GetRequiredService<TwilioApi>();
            var reply = handler(new RestCall(operation, values, services.GetRequiredService<StandInClock>().Now));
            body = reply.Items is { } items
                ? api.RenderPage(operation, items, http.Request.Path, Pairs(http.Request.Query))
                : api.Render(operation.ResourceSchemaId!, reply.Resource!);
        }
        catch (TwilioErrorException rejected)
        {
            body = rejected.Error;
        }

        // An after-effect fault models a lost answer: the request took effect, the client sees the fault.
        if (fault is { Status: not null, AfterEffect: true })
        {
            await WriteFaultAsync(http, fault);
            return;
        }
        if (body is TwilioError error)
        {
            await WriteErrorAsync(http, error);
            return;
        }
        http.Response.StatusCode = operation.SuccessStatus;
        http.Response.Headers["Twilio-Request-Id"] = Sid.New("RQ");
        await http.Response.WriteAsJsonAsync(body, body.GetType(), (JsonSerializerOptions?)null, "application/json; charset=utf-8", http.RequestAborted);
    }

    private static Task WriteFaultAsync(HttpContext http, FaultRule fault)
    {
        if (fault.RetryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return WriteErrorAsync(http, fault.Error());
    }

    private static (string User, string Password)? BasicCredentials(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool SameSecret(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private static IEnumerable<KeyValuePair<string, string>> Pairs(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values) =>
        values.SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string>(pair.Key, value ?? "")));
}
