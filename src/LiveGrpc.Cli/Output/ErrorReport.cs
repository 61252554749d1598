using System.Text;
using System.Text.Json;
using Grpc.Core;

namespace LiveGrpc.Cli.Output;

/// <summary>
/// Turns a failed call into what a person (or a script, with --json) can act on: the gRPC status
/// name as the .proto spells it, the server's message, each field violation from
/// grpc-status-details-bin, and a hint where the usual cause is on this side.
/// </summary>
public static class ErrorReport
{
    /// <summary>"NOT_FOUND" for StatusCode.NotFound: the canonical name, as grpcurl and the docs print it.</summary>
    public static string CodeName(StatusCode code)
    {
        if (code == StatusCode.OK)
        {
            return "OK";
        }
        var name = code.ToString();
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                sb.Append('_');
            }
            sb.Append(char.ToUpperInvariant(name[i]));
        }
        return sb.ToString();
    }

    public static IReadOnlyList<(string Field, string Description)> FieldViolations(RpcException exception)
    {
        var badRequest = exception.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>();
        return badRequest is null
            ? []
            : badRequest.FieldViolations.Select(v => (v.Field, v.Description)).ToList();
    }

    public static string Text(RpcException exception, Uri server)
    {
        var code = exception.StatusCode;
        var message = exception.Status.Detail;
        var sb = new StringBuilder("error: ").Append(CodeName(code));
        if (message.Length > 0)
        {
            sb.Append(": ").Append(message);
        }
        foreach (var (field, description) in FieldViolations(exception))
        {
            // Servers often put a lone violation in the message too; say it once.
            var line = $"{field}: {description}";
            if (!message.Contains(line, StringComparison.Ordinal))
            {
                sb.Append("\n  ").Append(line);
            }
        }
        if (Hint(code, server) is { } hint)
        {
            sb.Append("\nhint: ").Append(hint);
        }
        return sb.ToString();
    }

    public static string Json(RpcException exception)
    {
        var violations = FieldViolations(exception).Select(v => new Dictionary<string, string> { ["field"] = v.Field, ["description"] = v.Description }).ToList();
        var error = new Dictionary<string, object>
        {
            ["code"] = CodeName(exception.StatusCode),
            ["message"] = exception.Status.Detail,
        };
        if (violations.Count > 0)
        {
            error["fieldViolations"] = violations;
        }
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["error"] = error });
    }

    /// <summary>A usage error as JSON, so a script parsing stderr sees one shape for every failure.</summary>
    public static string UsageJson(string message) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["error"] = new Dictionary<string, string> { ["code"] = "USAGE", ["message"] = message } });

    private static string? Hint(StatusCode code, Uri server) => code switch
    {
        StatusCode.Unavailable => $"is a LiveGrpc server listening on {server.GetLeftPart(UriPartial.Authority)}? Set --server or ${CliEnvironment.ServerVariable} (the gRPC port, h2c).",
        StatusCode.DeadlineExceeded => "the server did not answer in time; raise --timeout or check the server.",
        StatusCode.Unauthenticated => $"pass the stream's host secret with --secret or ${CliEnvironment.SecretVariable}.",
        StatusCode.Unimplemented => "the server does not offer this method; is --server the LiveGrpc gRPC port?",
        _ => null,
    };
}
