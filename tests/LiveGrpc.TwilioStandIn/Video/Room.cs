using System.Text.Json.Nodes;

namespace LiveGrpc.TwilioStandIn.Video;

/// <summary>A Video room's state. Fields are rendered with the names of the description's video.v1.room.</summary>
internal sealed class Room
{
    public required string Sid { get; init; }
    public required string UniqueName { get; init; }
    public required string Type { get; init; }
    public required string? StatusCallback { get; init; }
    public required string StatusCallbackMethod { get; init; }
    public required int MaxParticipants { get; init; }
    public required int MaxParticipantDuration { get; init; }
    public required int MaxConcurrentPublishedTracks { get; init; }
    public required int EmptyRoomTimeout { get; init; }
    public required int UnusedRoomTimeout { get; init; }
    public required IReadOnlyList<string> VideoCodecs { get; init; }
    public required string MediaRegion { get; init; }
    public required bool AudioOnly { get; init; }
    public required bool RecordParticipantsOnConnect { get; init; }
    public required bool LargeRoom { get; init; }
    public required DateTimeOffset Created { get; init; }

    public string Status { get; set; } = "in-progress";
    public DateTimeOffset Updated { get; set; }
    public DateTimeOffset? Ended { get; set; }

    /// <summary>When the last participant left; null while someone is connected or before anyone joined.</summary>
    public DateTimeOffset? EmptySince { get; set; }

    /// <summary>The next status callback's SequenceNumber (per room, from 0).</summary>
    public int NextSequence { get; set; }

    public List<Participant> Participants { get; } = [];

    public bool InProgress => Status == "in-progress";

    public IEnumerable<Participant> Connected => Participants.Where(p => p.Connected);

    public Dictionary<string, object?> Fields(string accountSid) => new()
    {
        ["sid"] = Sid,
        ["status"] = Status,
        ["date_created"] = Created,
        ["date_updated"] = Updated,
        ["account_sid"] = accountSid,
        ["enable_turn"] = true,
        ["unique_name"] = UniqueName,
        ["status_callback"] = StatusCallback,
        ["status_callback_method"] = StatusCallbackMethod,
        ["end_time"] = Ended,
        ["duration"] = Ended is { } end ? (int)(end - Created).TotalSeconds : null,
        ["type"] = Type,
        ["max_participants"] = MaxParticipants,
        ["max_participant_duration"] = MaxParticipantDuration,
        ["max_concurrent_published_tracks"] = MaxConcurrentPublishedTracks,
        ["record_participants_on_connect"] = RecordParticipantsOnConnect,
        ["video_codecs"] = VideoCodecs,
        ["media_region"] = MediaRegion,
        ["audio_only"] = AudioOnly,
        ["empty_room_timeout"] = EmptyRoomTimeout,
        ["unused_room_timeout"] = UnusedRoomTimeout,
        ["large_room"] = LargeRoom,
    };
}

/// <summary>A participant joined through signalling (the control API), with its published tracks.</summary>
internal sealed class Participant
{
    public required string Sid { get; init; }
    public required Room Room { get; init; }
    public required string Identity { get; init; }
    public required DateTimeOffset Created { get; init; }

    public string Status { get; set; } = "connected";
    public DateTimeOffset Updated { get; set; }
    public DateTimeOffset? Ended { get; set; }
    public List<Track> Tracks { get; } = [];

    /// <summary>Subscribe rules (Twilio's default: subscribe to everything).</summary>
    public JsonArray Rules { get; set; } = [new JsonObject { ["type"] = "include", ["all"] = true }];
    public DateTimeOffset RulesUpdated { get; set; }

    public bool Connected => Status == "connected";

    public int? Duration => Ended is { } end ? (int)(end - Created).TotalSeconds : null;

    public Dictionary<string, object?> Fields(string accountSid) => new()
    {
        ["sid"] = Sid,
        ["room_sid"] = Room.Sid,
        ["account_sid"] = accountSid,
        ["status"] = Status,
        ["identity"] = Identity,
        ["date_created"] = Created,
        ["date_updated"] = Updated,
        ["start_time"] = Created,
        ["end_time"] = Ended,
        ["duration"] = Duration,
    };
}

/// <summary>A track a participant publishes (kind audio, video or data).</summary>
internal sealed class Track
{
    public required string Sid { get; init; }
    public required Participant Participant { get; init; }
    public required string Kind { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset Created { get; init; }

    public Dictionary<string, object?> Fields() => new()
    {
        ["sid"] = Sid,
        ["participant_sid"] = Participant.Sid,
        ["room_sid"] = Participant.Room.Sid,
        ["name"] = Name,
        ["date_created"] = Created,
        ["date_updated"] = Created,
        ["enabled"] = true,
        ["kind"] = Kind,
    };
}
