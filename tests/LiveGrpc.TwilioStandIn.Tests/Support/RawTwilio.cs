using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace LiveGrpc.TwilioStandIn.Tests.Support;

/// <summary>Plain form posts to the stand-in with Twilio's Basic auth: Media v1 has no SDK, and some requests the SDK cannot make.</summary>
internal static class RawTwilio
{
    public static HttpClient Client(TwilioStandIn standIn, string? username = null, string? password = null)
    {
        var http = new HttpClient { BaseAddress = standIn.BaseAddress };
        var credentials = $"{username ?? standIn.Options.ApiKeySid}:{password ?? standIn.Options.ApiKeySecret}";
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return http;
    }

    public static async Task<(int Status, JsonObject Body)> PostAsync(this HttpClient http, string path, params (string Name, string Value)[] form)
    {
        using var response = await http.PostAsync(path, new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));
        return ((int)response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    public static async Task<(int Status, JsonObject Body)> GetJsonAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return ((int)response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }
}
