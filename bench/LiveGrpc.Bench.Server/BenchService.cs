using LiveGrpc.Bench.V1;
using LiveGrpc.Rpc;

namespace LiveGrpc.Bench.Server;

public sealed class BenchService
{
    private static readonly Task<EchoResponse> Reply = Task.FromResult(new EchoResponse { Text = "pong" });

    public Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context) => Reply;
}
