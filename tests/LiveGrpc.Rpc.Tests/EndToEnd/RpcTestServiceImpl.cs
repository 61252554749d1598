using Google.Protobuf;
using LiveGrpc.Rpc.Tests.Protos;

namespace LiveGrpc.Rpc.Tests.EndToEnd;

/// <summary>The server side of rpc_test.proto, bound from its descriptor like any real service.</summary>
public sealed class RpcTestServiceImpl(CallReports reports)
{
    public async Task<EchoResponse> Unary(EchoRequest request, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        var response = Describe(request, context);
        await Run(request.ReportKey, async () =>
        {
            if (request.SleepMs > 0)
            {
                await Task.Delay(request.SleepMs, context.CancellationToken);
            }
        });
        ThrowIfAsked(request);
        return response;
    }

    public async Task ServerStream(EchoRequest request, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        await Run(request.ReportKey, async () =>
        {
            for (var i = 0; i < request.Count; i++)
            {
                if (request.SleepMs > 0)
                {
                    await Task.Delay(request.SleepMs, context.CancellationToken);
                }
                var response = Describe(request, context);
                response.Index = i;
                await responseStream.WriteAsync(response);
            }
        });
        ThrowIfAsked(request);
    }

    public async Task<EchoResponse> ClientStream(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context)
    {
        var texts = new List<string>();
        var bytes = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            ThrowIfAsked(request);
            texts.Add(request.Text);
            bytes += request.Payload.Length;
        }
        return new EchoResponse { Text = string.Join(",", texts), Index = texts.Count, RequestBytes = bytes };
    }

    public async Task Duplex(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        var key = "";
        var index = 0;
        await Run(() => key, async () =>
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                var request = requestStream.Current;
                key = request.ReportKey.Length > 0 ? request.ReportKey : key;
                ThrowIfAsked(request);
                await responseStream.WriteAsync(new EchoResponse { Text = request.Text, Index = index++ });
            }
        });
    }

    private Task Run(string key, Func<Task> body) => Run(() => key, body);

    private async Task Run(Func<string> key, Func<Task> body)
    {
        try
        {
            await body();
            reports.Record(key(), "completed");
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            reports.Record(key(), "cancelled");
            throw;
        }
    }

    private static EchoResponse Describe(EchoRequest request, ServerCallContext context)
    {
        var response = new EchoResponse
        {
            Text = request.Text,
            Payload = ByteString.CopyFrom(new byte[request.ResponseBytes]),
            RequestBytes = request.Payload.Length,
            DeadlineRemainingMs = context.Deadline == DateTime.MaxValue ? -1 : (long)(context.Deadline - DateTime.UtcNow).TotalMilliseconds,
        };
        foreach (var entry in context.RequestHeaders.Where(e => e.Key.StartsWith("x-", StringComparison.Ordinal)))
        {
            response.ReceivedMetadata.Add($"{entry.Key}={(entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes) : entry.Value)}");
        }
        return response;
    }

    /// <summary>Request headers named "x-echo-*" come back as response headers and as trailers.</summary>
    private static async Task EchoMetadataAsync(ServerCallContext context)
    {
        var echoed = context.RequestHeaders.Where(e => e.Key.StartsWith("x-echo-", StringComparison.Ordinal)).ToList();
        if (echoed.Count == 0)
        {
            return;
        }
        var headers = new Metadata();
        foreach (var entry in echoed)
        {
            headers.Add(entry);
            var key = entry.Key.Replace("x-echo-", "x-trailer-", StringComparison.Ordinal);
            context.ResponseTrailers.Add(entry.IsBinary ? new Metadata.Entry(key, entry.ValueBytes) : new Metadata.Entry(key, entry.Value));
        }
        await context.WriteResponseHeadersAsync(headers);
    }

    private static void ThrowIfAsked(EchoRequest request)
    {
        if (request.InvalidFields.Count > 0)
        {
            throw RichStatus.InvalidArgument("The request is invalid.", request.InvalidFields.Select(f => (f, $"{f} is wrong")).ToArray());
        }
        if (request.FailCode != 0)
        {
            throw new RpcException(new Status((StatusCode)request.FailCode, request.FailMessage),
                new Metadata { { "x-failure", "yes" } });
        }
    }
}
