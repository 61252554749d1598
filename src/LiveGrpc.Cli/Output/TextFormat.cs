using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using LiveGrpc.Cli.Parsing;
using LiveGrpc.V1;
using Stream = LiveGrpc.V1.Stream;

namespace LiveGrpc.Cli.Output;

/// <summary>
/// Human-readable renderings. Pure functions of the messages (and a time zone for watch lines),
/// so tests pin the exact text a person sees.
/// </summary>
public static class TextFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Status(StreamStatus status) => ProtoEnums.ShortName(ContractEnums.StreamStatus, (int)status);

    public static string Visibility(V1.Visibility visibility) =>
        // UNSPECIFIED is treated as PUBLIC by the server, so say what it means.
        visibility == V1.Visibility.Unspecified ? "PUBLIC" : ProtoEnums.ShortName(ContractEnums.Visibility, (int)visibility);

    public static string EndReasonName(EndReason reason) => ProtoEnums.ShortName(ContractEnums.EndReason, (int)reason);

    /// <summary>UTC, second precision, sortable: "2025-03-01 18:04:05Z"; "-" for unset.</summary>
    public static string Time(Timestamp? timestamp) =>
        timestamp is null ? "-" : timestamp.ToDateTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", Invariant);

    public static string StreamDetails(Stream stream, params (string Key, string Value)[] extra)
    {
        var rows = new List<(string, string)>
        {
            ("id", stream.Id),
            ("title", stream.Title),
        };
        if (stream.Description.Length > 0)
        {
            rows.Add(("description", stream.Description));
        }
        rows.Add(("visibility", Visibility(stream.Visibility)));
        rows.Add(("status", Status(stream.Status)));
        rows.Add(("viewers", stream.ViewerCount.ToString(Invariant)));
        if (stream.CurrentBroadcast is { } broadcast)
        {
            rows.Add(("broadcast", BroadcastSummary(broadcast)));
        }
        if (stream.LastLiveEndTime is not null)
        {
            rows.Add(("last live", Time(stream.LastLiveEndTime)));
        }
        rows.Add(("created", Time(stream.CreateTime)));
        rows.Add(("updated", Time(stream.UpdateTime)));
        rows.Add(("version", stream.Version.ToString(Invariant)));
        rows.AddRange(extra);
        return KeyValues(rows);
    }

    /// <summary>"bc_x since 2025-...Z (peak 3, total 5)", or with its end and reason once it ended.</summary>
    public static string BroadcastSummary(Broadcast broadcast)
    {
        var sb = new StringBuilder(broadcast.Id).Append(" since ").Append(Time(broadcast.StartTime));
        if (broadcast.EndTime is not null)
        {
            sb.Append(", ended ").Append(Time(broadcast.EndTime)).Append(' ').Append(EndReasonName(broadcast.EndReason));
        }
        return sb.Append(CultureInfo.InvariantCulture, $" (peak {broadcast.PeakViewers}, total {broadcast.TotalViewers})").ToString();
    }

    public static string StreamTable(IReadOnlyList<Stream> streams)
    {
        if (streams.Count == 0)
        {
            return "No streams.";
        }
        return Table(
            ["ID", "STATUS", "VIEWERS", "VISIBILITY", "TITLE"],
            streams.Select(s => new[] { s.Id, Status(s.Status), s.ViewerCount.ToString(Invariant), Visibility(s.Visibility), s.Title }));
    }

    public static string BroadcastTable(IReadOnlyList<Broadcast> broadcasts)
    {
        if (broadcasts.Count == 0)
        {
            return "No broadcasts.";
        }
        return Table(
            ["ID", "STARTED", "ENDED", "END REASON", "PEAK", "TOTAL"],
            broadcasts.Select(b => new[]
            {
                b.Id, Time(b.StartTime), Time(b.EndTime),
                b.EndReason == EndReason.Unspecified ? "(live)" : EndReasonName(b.EndReason),
                b.PeakViewers.ToString(Invariant), b.TotalViewers.ToString(Invariant),
            }));
    }

    /// <summary>One line per WatchStream event: "[18:04:05] v7 viewers: 2 (peak 3, total 5)".</summary>
    public static string EventLine(StreamEvent e, TimeZoneInfo zone)
    {
        var when = e.EventTime is null ? "--:--:--"
            : TimeZoneInfo.ConvertTimeFromUtc(e.EventTime.ToDateTime(), zone).ToString("HH:mm:ss", Invariant);
        var head = $"[{when}] v{e.Version.ToString(Invariant)} ";
        return head + e.EventCase switch
        {
            StreamEvent.EventOneofCase.Snapshot =>
                $"snapshot: \"{e.Snapshot.Title}\" is {Status(e.Snapshot.Status)}, viewers: {e.Snapshot.ViewerCount.ToString(Invariant)}",
            StreamEvent.EventOneofCase.StatusChanged => StatusLine(e.StatusChanged),
            StreamEvent.EventOneofCase.ViewerCountChanged =>
                string.Create(Invariant, $"viewers: {e.ViewerCountChanged.ViewerCount} (peak {e.ViewerCountChanged.PeakViewers}, total {e.ViewerCountChanged.TotalViewers})"),
            StreamEvent.EventOneofCase.StreamDeleted => "deleted: the stream no longer exists",
            StreamEvent.EventOneofCase.StreamUpdated =>
                $"updated: \"{e.StreamUpdated.Title}\", {Visibility(e.StreamUpdated.Visibility)}",
            _ => "unknown event (a newer server?)",
        };
    }

    private static string StatusLine(StatusChanged change)
    {
        var line = $"status: {Status(change.Status)}";
        if (change.Broadcast is not { } b)
        {
            return line;
        }
        return b.EndTime is null
            ? $"{line} (broadcast {b.Id})"
            : string.Create(Invariant, $"{line} (broadcast {b.Id} ended: {EndReasonName(b.EndReason)}, peak {b.PeakViewers}, total {b.TotalViewers})");
    }

    public static string KeyValues(IReadOnlyList<(string Key, string Value)> rows)
    {
        var width = rows.Max(r => r.Key.Length) + 2;
        return string.Join('\n', rows.Select(r => r.Key.PadRight(width) + r.Value));
    }

    /// <summary>Left-aligned columns two spaces apart; the last column is not padded.</summary>
    public static string Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { headers };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, headers.Count).Select(c => all.Max(r => r[c].Length)).ToArray();
        return string.Join('\n', all.Select(r =>
            string.Join("  ", r.Select((cell, c) => c == r.Count - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd()));
    }
}
