using System.Text.Json.Serialization;

namespace LiveGrpc.TwilioStandIn.Rest;

/// <summary>Twilio's error body: <c>{"code", "message", "more_info", "status"}</c>.</summary>
public sealed record TwilioError(
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message)
{
    [JsonPropertyName("more_info")]
    public string MoreInfo => $"https://www.twilio.com/docs/errors/{Code}";

    // Codes are Twilio's where Twilio documents one for the case; 20501 (not implemented) is the stand-in's own.
    public static TwilioError InvalidParameter(string message) => new(400, 20001, message);
    public static TwilioError Authenticate() => new(401, 20003, "Authenticate");
    public static TwilioError NotFound(string path) => new(404, 20404, $"The requested resource {path} was not found");
    public static TwilioError MethodNotAllowed(string method, string path) => new(405, 20004, $"Method {method} not allowed on {path}");
    public static TwilioError NotImplemented(string operationId) => new(501, 20501, $"The Twilio stand-in does not implement {operationId}");
}

/// <summary>Ends a request (REST or control) with a Twilio-shaped error.</summary>
public sealed class TwilioErrorException(TwilioError error) : Exception($"{error.Code}: {error.Message}")
{
    public TwilioError Error { get; } = error;

    public static TwilioErrorException Of(int status, int code, string message) => new(new TwilioError(status, code, message));
}
