using System.Text.Json;
using LiveGrpc.TwilioStandIn;
using Microsoft.Extensions.Options;

// The Twilio stand-in as a process, for tests outside .NET (Node, browser end-to-end):
//   dotnet LiveGrpc.TwilioStandIn.dll [--urls http://127.0.0.1:0] [--StandIn:AccountSid=AC...]
//     [--StandIn:AuthToken=...] [--StandIn:ApiKeySid=SK...] [--StandIn:ApiKeySecret=...]
//     [--StandIn:PlayerStreamerStartDelay=00:00:00.2]
// Unset credentials are generated. When it accepts requests it prints one line,
//   TwilioStandIn ready {"baseAddress":"http://127.0.0.1:PORT","accountSid":...,"authToken":...,"apiKeySid":...,"apiKeySecret":...,"now":...}
// (fake, test-only credentials), and runs until SIGTERM / Ctrl-C. Invalid settings: one line on stderr, exit code 2.

var builder = WebApplication.CreateSlimBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:0");
}
builder.Logging.SetMinimumLevel(LogLevel.Warning);

TwilioStandIn standIn;
try
{
    standIn = await TwilioStandIn.StartAsync(builder, CancellationToken.None);
}
catch (OptionsValidationException invalid)
{
    Console.Error.WriteLine($"Invalid configuration: {string.Join(" ", invalid.Failures)}");
    return 2;
}

await using (standIn)
{
    Console.WriteLine("TwilioStandIn ready " + JsonSerializer.Serialize(standIn.Identity, JsonSerializerOptions.Web));
    await standIn.WaitForShutdownAsync();
}
return 0;
