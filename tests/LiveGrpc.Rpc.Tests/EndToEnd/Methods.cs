using LiveGrpc.Rpc.Client;
using LiveGrpc.Rpc.Tests.Protos;

namespace LiveGrpc.Rpc.Tests.EndToEnd;

/// <summary>Client-side descriptions of RpcTestService's methods, built from the .proto's descriptors.</summary>
internal static class Methods
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = RpcTestReflection.Descriptor.Services[0];

    public static readonly Method<EchoRequest, EchoResponse> Unary = Get("Unary");
    public static readonly Method<EchoRequest, EchoResponse> ServerStream = Get("ServerStream");
    public static readonly Method<EchoRequest, EchoResponse> ClientStream = Get("ClientStream");
    public static readonly Method<EchoRequest, EchoResponse> Duplex = Get("Duplex");

    private static Method<EchoRequest, EchoResponse> Get(string name) =>
        Method.FromDescriptor<EchoRequest, EchoResponse>(Service.FindMethodByName(name));
}
