using LiveGrpc.TwilioStandIn.Callbacks;
using Twilio.Security;

namespace LiveGrpc.TwilioStandIn.Tests;

/// <summary>The stand-in's X-Twilio-Signature, checked by Twilio's own RequestValidator (an independent implementation).</summary>
public sealed class SignatureTests
{
    private const string AuthToken = "12345678901234567890123456789012";
    private const string Url = "https://livegrpc.example.org/twilio/status?stream=st_1&n=2";

    private static readonly Dictionary<string, string> Parameters = new()
    {
        ["AccountSid"] = "AC" + new string('a', 32),
        ["RoomName"] = "livegrpc-st_1 (Friday demo) ü & =",
        ["StatusCallbackEvent"] = "participant-connected",
        ["SequenceNumber"] = "3",
        ["Timestamp"] = "2026-12-02T10:00:00.000Z",
        ["ParticipantIdentity"] = "host+1@example.org",
    };

    [Fact]
    public void APostSignature_IsAcceptedByTwiliosRequestValidator()
    {
        var signature = TwilioSignature.Compute(AuthToken, Url, Parameters);

        Assert.True(new RequestValidator(AuthToken).Validate(Url, Parameters, signature));
    }

    [Fact]
    public void AGetSignature_CoversTheQueryAndIsAcceptedByTwiliosRequestValidator()
    {
        var signature = TwilioSignature.Compute(AuthToken, Url, []);

        Assert.True(new RequestValidator(AuthToken).Validate(Url, new Dictionary<string, string>(), signature));
    }

    [Fact]
    public void ATamperedParameter_FailsValidation()
    {
        var signature = TwilioSignature.Compute(AuthToken, Url, Parameters);
        var tampered = new Dictionary<string, string>(Parameters) { ["StatusCallbackEvent"] = "room-ended" };

        Assert.False(new RequestValidator(AuthToken).Validate(Url, tampered, signature));
    }

    [Fact]
    public void AnAddedParameter_FailsValidation()
    {
        var signature = TwilioSignature.Compute(AuthToken, Url, Parameters);
        var extended = new Dictionary<string, string>(Parameters) { ["Extra"] = "" };

        Assert.False(new RequestValidator(AuthToken).Validate(Url, extended, signature));
    }

    [Fact]
    public void ATamperedUrl_FailsValidation()
    {
        var signature = TwilioSignature.Compute(AuthToken, Url, Parameters);

        Assert.False(new RequestValidator(AuthToken).Validate(Url.Replace("st_1", "st_2", StringComparison.Ordinal), Parameters, signature));
    }

    [Fact]
    public void AnotherAuthToken_FailsValidation()
    {
        var signature = TwilioSignature.Compute(AuthToken, Url, Parameters);

        Assert.False(new RequestValidator(new string('9', 32)).Validate(Url, Parameters, signature));
    }
}
