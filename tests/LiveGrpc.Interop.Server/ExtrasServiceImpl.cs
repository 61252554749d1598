using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using LiveGrpc.Interop.V1;
using LiveGrpc.Rpc;
using LiveGrpc.Rpc.Health;

namespace LiveGrpc.Interop;

/// <summary>How a handler started under a test-chosen key ended; read back through GetReport.</summary>
public sealed class CallReports
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<GetReportResponse>> _reports = new(StringComparer.Ordinal);

    public void Complete(string key, GetReportResponse report) => Slot(key).TrySetResult(report);

    public async Task<GetReportResponse> WaitAsync(string key, TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            return await Slot(key).Task.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new GetReportResponse { Finished = false };
        }
    }

    private TaskCompletionSource<GetReportResponse> Slot(string key) =>
        _reports.GetOrAdd(key, _ => new TaskCompletionSource<GetReportResponse>(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>livegrpc.interop.v1.ExtrasService: see tests/protos/livegrpc/interop/v1/extras.proto.</summary>
public sealed class ExtrasServiceImpl(CallReports reports, HealthStatusRegistry health)
{
    public const string EchoPrefix = "x-echo-";

    public async Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context)
    {
        var response = new EchoResponse { Text = request.Text };
        var echoed = new Metadata();
        foreach (var entry in context.RequestHeaders)
        {
            response.ReceivedMetadata.Add(new MetadataEntry
            {
                Key = entry.Key,
                Binary = entry.IsBinary,
                Value = entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes) : entry.Value,
            });
            if (entry.Key.StartsWith(EchoPrefix, StringComparison.Ordinal))
            {
                echoed.Add(entry);
                context.ResponseTrailers.Add(entry);
            }
        }
        if (echoed.Count > 0)
        {
            await context.WriteResponseHeadersAsync(echoed).ConfigureAwait(false);
        }
        return response;
    }

    public Task<FailResponse> Fail(FailRequest request, ServerCallContext context)
    {
        if (request.Code == 0)
        {
            return Task.FromResult(new FailResponse());
        }
        throw new RpcException(new Status((StatusCode)request.Code, request.Message));
    }

    public Task<FailWithDetailsResponse> FailWithDetails(FailWithDetailsRequest request, ServerCallContext context)
    {
        var badRequest = new Google.Rpc.BadRequest();
        foreach (var violation in request.Violations)
        {
            badRequest.FieldViolations.Add(new Google.Rpc.BadRequest.Types.FieldViolation { Field = violation.Field, Description = violation.Description });
        }
        var details = new Google.Rpc.Status
        {
            Code = (int)StatusCode.InvalidArgument,
            Message = request.Message,
            Details = { Any.Pack(badRequest) },
        };
        var trailers = new Metadata { { "grpc-status-details-bin", details.ToByteArray() } };
        throw new RpcException(new Status(StatusCode.InvalidArgument, request.Message), trailers);
    }

    public async Task Tick(TickRequest request, IServerStreamWriter<TickResponse> responseStream, ServerCallContext context)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(1, request.IntervalMs));
        long sent = 0;
        try
        {
            while (true)
            {
                await responseStream.WriteAsync(new TickResponse { Count = sent }).ConfigureAwait(false);
                sent++;
                await Task.Delay(interval, context.CancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            reports.Complete(request.Key, Report(context, sent));
        }
    }

    public async Task<SleepResponse> Sleep(SleepRequest request, ServerCallContext context)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(request.DurationMs), context.CancellationToken).ConfigureAwait(false);
            return new SleepResponse();
        }
        finally
        {
            reports.Complete(request.Key, Report(context, 0));
        }
    }

    public async Task<GetReportResponse> GetReport(GetReportRequest request, ServerCallContext context) =>
        await reports.WaitAsync(request.Key, TimeSpan.FromMilliseconds(request.WaitMs), context.CancellationToken).ConfigureAwait(false);

    public Task<SetHealthStatusResponse> SetHealthStatus(SetHealthStatusRequest request, ServerCallContext context)
    {
        if (request.Clear)
        {
            health.ClearStatus(request.Service);
        }
        else
        {
            var status = (Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus)request.Status;
            if (status is not (Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving or Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.NotServing))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "status must be 1 (SERVING) or 2 (NOT_SERVING)."));
            }
            health.SetStatus(request.Service, status);
        }
        return Task.FromResult(new SetHealthStatusResponse { Watchers = health.WatcherCount(request.Service) });
    }

    private static GetReportResponse Report(ServerCallContext context, long sent) => new()
    {
        Finished = true,
        ObservedCancellation = context.CancellationToken.IsCancellationRequested,
        // Cancelled, but not because the client went away: the deadline fired. (Comparing clocks
        // would be flaky: timers run on a coarser clock than DateTime.UtcNow.)
        DeadlinePassed = context.Deadline != DateTime.MaxValue
            && context.CancellationToken.IsCancellationRequested
            && !context.GetHttpContext().RequestAborted.IsCancellationRequested,
        MessagesSent = sent,
        HadDeadline = context.Deadline != DateTime.MaxValue,
    };
}
