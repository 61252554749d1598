namespace LiveGrpc.Rpc.Wire;

/// <summary>Base64 for "-bin" metadata: senders may omit padding, so decoding accepts both.</summary>
public static class Base64
{
    public static byte[] Decode(string value)
    {
        var padding = (4 - (value.Length % 4)) % 4;
        if (padding is 1 or 2)
        {
            value += new string('=', padding);
        }
        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw new RpcException(new Status(StatusCode.Internal, "A \"-bin\" metadata value is not valid base64."));
        }
    }
}
