namespace LiveGrpc.Rpc.Client;

/// <summary>The four call shapes, named and numbered as in Grpc.Core.</summary>
public enum MethodType
{
    Unary = 0,
    ClientStreaming = 1,
    ServerStreaming = 2,
    DuplexStreaming = 3,
}
