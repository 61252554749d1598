using Grpc.Core;
using LiveGrpc.Bench.V1;

namespace LiveGrpc.Bench.Server;

public sealed class EchoService : BenchService.BenchServiceBase
{
    private static readonly Task<EchoResponse> Reply = Task.FromResult(new EchoResponse { Text = "pong" });

    public override Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context) => Reply;
}
