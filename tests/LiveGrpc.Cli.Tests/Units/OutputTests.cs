using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using LiveGrpc.Cli.Output;
using LiveGrpc.Cli.Tests.Support;
using LiveGrpc.V1;
using Status = Grpc.Core.Status;
using Stream = LiveGrpc.V1.Stream;

namespace LiveGrpc.Cli.Tests.Units;

public sealed class OutputTests
{
    private static readonly Timestamp T0 = Timestamp.FromDateTime(new DateTime(2025, 3, 1, 18, 4, 5, DateTimeKind.Utc));
    private static readonly Timestamp T1 = Timestamp.FromDateTime(new DateTime(2025, 3, 1, 19, 0, 0, DateTimeKind.Utc));

    private static Stream LiveStream() => new()
    {
        Id = "st_1",
        Title = "Friday demo",
        Visibility = Visibility.Unspecified,
        Status = StreamStatus.Live,
        ViewerCount = 3,
        CurrentBroadcast = new Broadcast { Id = "bc_1", StartTime = T0, PeakViewers = 4, TotalViewers = 9 },
        CreateTime = T0,
        UpdateTime = T1,
        Version = 12,
    };

    [Fact]
    public void Stream_details_are_aligned_key_values()
    {
        Assert.Equal(
            "id          st_1\n" +
            "title       Friday demo\n" +
            "visibility  PUBLIC\n" +
            "status      LIVE\n" +
            "viewers     3\n" +
            "broadcast   bc_1 since 2025-03-01 18:04:05Z (peak 4, total 9)\n" +
            "created     2025-03-01 18:04:05Z\n" +
            "updated     2025-03-01 19:00:00Z\n" +
            "version     12",
            TextFormat.StreamDetails(LiveStream()));
    }

    [Fact]
    public void Extra_rows_join_the_alignment()
    {
        var text = TextFormat.StreamDetails(new Stream { Id = "st_2", Title = "t", CreateTime = T0, UpdateTime = T0, Version = 1 }, ("host secret", "lgs_x"));
        Assert.EndsWith("\nhost secret  lgs_x", text);
        Assert.StartsWith("id           st_2\n", text);
        Assert.Contains("\nstatus       UNSPECIFIED", "\n" + text);
    }

    [Fact]
    public void Stream_table_has_a_header_and_padded_columns()
    {
        var other = new Stream { Id = "st_longer", Title = "Nightly", Status = StreamStatus.Offline, Visibility = Visibility.Unlisted };
        Assert.Equal(
            "ID         STATUS   VIEWERS  VISIBILITY  TITLE\n" +
            "st_1       LIVE     3        PUBLIC      Friday demo\n" +
            "st_longer  OFFLINE  0        UNLISTED    Nightly",
            TextFormat.StreamTable([LiveStream(), other]));
        Assert.Equal("No streams.", TextFormat.StreamTable([]));
    }

    [Fact]
    public void Broadcast_table_marks_the_one_in_progress()
    {
        var ended = new Broadcast { Id = "bc_0", StartTime = T0, EndTime = T1, EndReason = EndReason.HostDisconnected, PeakViewers = 2, TotalViewers = 5 };
        var live = new Broadcast { Id = "bc_1", StartTime = T1 };
        var text = TextFormat.BroadcastTable([live, ended]);
        Assert.Contains("bc_1  2025-03-01 19:00:00Z  -                     (live)", text);
        Assert.Contains("bc_0  2025-03-01 18:04:05Z  2025-03-01 19:00:00Z  HOST_DISCONNECTED  2     5", text);
    }

    [Fact]
    public void Watch_lines_show_time_version_and_change()
    {
        var zone = TimeZoneInfo.Utc;
        Assert.Equal("[18:04:05] v12 snapshot: \"Friday demo\" is LIVE, viewers: 3",
            TextFormat.EventLine(new StreamEvent { EventTime = T0, Version = 12, Snapshot = LiveStream() }, zone));
        Assert.Equal("[18:04:05] v13 viewers: 4 (peak 4, total 10)",
            TextFormat.EventLine(new StreamEvent { EventTime = T0, Version = 13, ViewerCountChanged = new ViewerCountChanged { ViewerCount = 4, PeakViewers = 4, TotalViewers = 10 } }, zone));
        Assert.Equal("[18:04:05] v14 status: RECONNECTING (broadcast bc_1)",
            TextFormat.EventLine(new StreamEvent { EventTime = T0, Version = 14, StatusChanged = new StatusChanged { Status = StreamStatus.Reconnecting, Broadcast = new Broadcast { Id = "bc_1" } } }, zone));
        Assert.Equal("[19:00:00] v15 status: OFFLINE (broadcast bc_1 ended: HOST_DISCONNECTED, peak 4, total 10)",
            TextFormat.EventLine(new StreamEvent
            {
                EventTime = T1, Version = 15,
                StatusChanged = new StatusChanged { Status = StreamStatus.Offline, Broadcast = new Broadcast { Id = "bc_1", EndTime = T1, EndReason = EndReason.HostDisconnected, PeakViewers = 4, TotalViewers = 10 } },
            }, zone));
        Assert.Equal("[19:00:00] v16 updated: \"New title\", PRIVATE",
            TextFormat.EventLine(new StreamEvent { EventTime = T1, Version = 16, StreamUpdated = new StreamUpdated { Title = "New title", Visibility = Visibility.Private } }, zone));
        Assert.Equal("[--:--:--] v17 deleted: the stream no longer exists",
            TextFormat.EventLine(new StreamEvent { Version = 17, StreamDeleted = new StreamDeleted() }, zone));
    }

    [Fact]
    public void Watch_lines_use_the_given_time_zone()
    {
        var plusTwo = TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2");
        Assert.StartsWith("[20:04:05] v1 ", TextFormat.EventLine(new StreamEvent { EventTime = T0, Version = 1, StreamDeleted = new StreamDeleted() }, plusTwo));
    }

    [Fact]
    public void Json_keeps_zero_values_and_proto_enum_names()
    {
        var output = new LiveOutput();
        var printer = new Printer(CliRunner.Environment(output, TextWriter.Null), json: true);
        printer.Result(new Stream { Id = "st_1", Status = StreamStatus.Offline }, () => "text");
        var json = output.Text;
        Assert.Contains("\"viewerCount\": 0", json);
        Assert.Contains("\"status\": \"STREAM_STATUS_OFFLINE\"", json);
        Assert.DoesNotContain("text", json);

        var line = new LiveOutput();
        new Printer(CliRunner.Environment(line, TextWriter.Null), json: true)
            .StreamItem(new StreamEvent { Version = 3, StreamDeleted = new StreamDeleted() }, () => "text");
        Assert.Equal(1, line.Text.Count(c => c == '\n'));
        Assert.Contains("\"streamDeleted\":{}", line.Text.Replace(" ", ""));
    }

    [Fact]
    public void Text_mode_prints_the_text_and_notices_go_to_stderr()
    {
        var output = new LiveOutput();
        var error = new LiveOutput();
        var printer = new Printer(CliRunner.Environment(output, error), json: false);
        printer.Result(new Stream(), () => "the text");
        printer.Notice("a note");
        Assert.Equal("the text\n", output.Text.Replace("\r\n", "\n"));
        Assert.Equal("a note\n", error.Text.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Media_summaries_say_how_to_connect()
    {
        var local = new MediaConnection { Provider = MediaProvider.Local, Local = new LocalMedia { HubPath = "/hubs/streams", MaxViewers = 20 } };
        Assert.Equal("LOCAL via hub /hubs/streams, up to 20 viewers, 0 ICE servers", TokenFormat.Media(local));
        var live = new MediaConnection { Provider = MediaProvider.TwilioLive, TwilioLive = new TwilioLiveMedia { PlayerStreamerId = "VJ1" } };
        Assert.Equal("TWILIO_LIVE player streamer VJ1", TokenFormat.Media(live));
        Assert.Equal("-", TokenFormat.Media(null));
    }

    [Theory]
    [InlineData(StatusCode.OK, "OK")]
    [InlineData(StatusCode.NotFound, "NOT_FOUND")]
    [InlineData(StatusCode.PermissionDenied, "PERMISSION_DENIED")]
    [InlineData(StatusCode.DeadlineExceeded, "DEADLINE_EXCEEDED")]
    [InlineData(StatusCode.Unauthenticated, "UNAUTHENTICATED")]
    [InlineData(StatusCode.DataLoss, "DATA_LOSS")]
    public void Status_codes_print_with_their_canonical_names(StatusCode code, string name) =>
        Assert.Equal(name, ErrorReport.CodeName(code));

    /// <summary>INVALID_ARGUMENT with google.rpc.BadRequest, as the server sends it (Grpc.StatusProto).</summary>
    private static RpcException InvalidArgument(string message, params (string Field, string Description)[] violations) =>
        new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = message,
            Details = { Any.Pack(new BadRequest { FieldViolations = { violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }) } }) },
        }.ToRpcException();

    [Fact]
    public void Errors_list_field_violations_from_the_status_details()
    {
        var exception = InvalidArgument("The stream is not valid.", ("stream.title", "1 to 120 characters"), ("stream.viewer_passcode", "4 to 64 characters"));
        var text = ErrorReport.Text(exception, new Uri("http://127.0.0.1:5100"));
        Assert.Equal(
            "error: INVALID_ARGUMENT: The stream is not valid.\n  stream.title: 1 to 120 characters\n  stream.viewer_passcode: 4 to 64 characters",
            text);

        using var doc = System.Text.Json.JsonDocument.Parse(ErrorReport.Json(exception));
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal("INVALID_ARGUMENT", error.GetProperty("code").GetString());
        Assert.Equal("stream.viewer_passcode", error.GetProperty("fieldViolations")[1].GetProperty("field").GetString());
    }

    [Fact]
    public void A_violation_already_in_the_message_is_not_repeated()
    {
        var exception = InvalidArgument("stream.title: required", ("stream.title", "required"));
        Assert.Equal("error: INVALID_ARGUMENT: stream.title: required", ErrorReport.Text(exception, new Uri("http://h:1")));
    }

    [Fact]
    public void Errors_without_details_still_read_well_and_hint_at_the_cause()
    {
        var text = ErrorReport.Text(new RpcException(new Status(StatusCode.Unauthenticated, "A host secret is required.")), new Uri("http://h:1"));
        Assert.Equal("error: UNAUTHENTICATED: A host secret is required.\nhint: pass the stream's host secret with --secret or $LIVEGRPC_HOST_SECRET.", text);
        Assert.Equal("error: NOT_FOUND", ErrorReport.Text(new RpcException(new Status(StatusCode.NotFound, "")), new Uri("http://h:1")));
    }

    [Theory]
    [InlineData(StatusCode.OK, 0)]
    [InlineData(StatusCode.NotFound, 3)]
    [InlineData(StatusCode.Unauthenticated, 4)]
    [InlineData(StatusCode.PermissionDenied, 4)]
    [InlineData(StatusCode.InvalidArgument, 5)]
    [InlineData(StatusCode.FailedPrecondition, 5)]
    [InlineData(StatusCode.Unavailable, 6)]
    [InlineData(StatusCode.DeadlineExceeded, 6)]
    [InlineData(StatusCode.ResourceExhausted, 7)]
    [InlineData(StatusCode.Internal, 1)]
    [InlineData(StatusCode.Unimplemented, 1)]
    [InlineData(StatusCode.Cancelled, 130)]
    public void Exit_codes_follow_the_failure_class(StatusCode code, int exitCode) =>
        Assert.Equal(exitCode, ExitCodes.ForStatus(code));
}
