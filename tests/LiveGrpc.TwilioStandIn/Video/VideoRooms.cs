using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiveGrpc.TwilioStandIn.Callbacks;
using LiveGrpc.TwilioStandIn.Control;
using LiveGrpc.TwilioStandIn.Rest;
using LiveGrpc.TwilioStandIn.Spec;
using Microsoft.Extensions.Options;

namespace LiveGrpc.TwilioStandIn.Video;

/// <summary>
/// Video v1 rooms, participants and published tracks with Twilio's rules: unique names among
/// in-progress rooms (53113), names resolve only while in progress, a room completes when asked
/// or after its empty/unused timeout, participants leave after MaxParticipantDuration, and every
/// change is a status callback in order with a per-room SequenceNumber. Participants join
/// through the control API, since real ones join through signalling, not REST.
/// </summary>
internal sealed class VideoRooms(TwilioApi api, StatusCallbacks callbacks, IOptions<StandInOptions> options) : IRestResources, ITimedResources
{
    public const string RoomSchema = "video.v1.room";
    public const string ParticipantSchema = "video.v1.room.room_participant";
    public const string TrackSchema = "video.v1.room.room_participant.room_participant_published_track";

    // Twilio's documented limits for Group rooms.
    private const int GroupParticipantLimit = 50;
    private const int MaxParticipantDurationLimit = 86_400;

    private readonly Lock gate = new();
    private readonly List<Room> rooms = [];

    private string AccountSid => options.Value.AccountSid;

    public IEnumerable<(string OperationId, RestHandler Handler)> Handlers =>
    [
        ("CreateRoom", CreateRoom),
        ("FetchRoom", call => RestReply.Of(Fields(RoomAt(call, "Sid")))),
        ("ListRoom", ListRooms),
        ("UpdateRoom", UpdateRoom),
        ("FetchRoomParticipant", call => RestReply.Of(Fields(ParticipantAt(call, "Sid")))),
        ("ListRoomParticipant", ListParticipants),
        ("UpdateRoomParticipant", UpdateParticipant),
        ("FetchRoomParticipantPublishedTrack", FetchTrack),
        ("ListRoomParticipantPublishedTrack", call => RestReply.ListOf(Locked(() => ParticipantAt(call, "ParticipantSid").Tracks.Select(t => t.Fields()).ToList()))),
        ("FetchRoomParticipantSubscribeRule", call => RestReply.Of(Locked(() => RulesFields(ParticipantAt(call, "ParticipantSid"))))),
        ("UpdateRoomParticipantSubscribeRule", UpdateRules),
    ];

    // --- Signalling (control API): what twilio-video.js clients do ---

    /// <summary>A client joins <paramref name="roomName"/> (unique name or SID) as the token's identity.</summary>
    public Participant Connect(VideoAccess access, string? roomName, DateTimeOffset now)
    {
        lock (gate)
        {
            var wanted = roomName ?? access.Room ?? throw TwilioErrorException.Of(400, 53100, "Room name is invalid");
            var room = rooms.FirstOrDefault(r => r.Sid == wanted)
                ?? rooms.FirstOrDefault(r => r.InProgress && r.UniqueName == wanted)
                ?? throw TwilioErrorException.Of(404, 53106, $"Room not found: {wanted}");
            if (access.Room is { } granted && granted != room.UniqueName && granted != room.Sid)
            {
                throw TwilioErrorException.Of(401, 20106, $"Invalid Access Token grants: the token is for room {granted}, not {wanted}");
            }
            if (!room.InProgress)
            {
                throw TwilioErrorException.Of(400, 53118, "Room completed");
            }
            // Twilio disconnects an existing participant with the same identity (53205) and lets the new one in.
            if (room.Connected.FirstOrDefault(p => p.Identity == access.Identity) is { } previous)
            {
                Disconnect(previous, now);
            }
            if (room.Connected.Count() >= room.MaxParticipants)
            {
                throw TwilioErrorException.Of(400, 53105, "Room contains too many Participants");
            }
            var participant = new Participant
            {
                Sid = api.NewSid(ParticipantSchema),
                Room = room,
                Identity = access.Identity,
                Created = now,
                Updated = now,
                RulesUpdated = now,
            };
            room.Participants.Add(participant);
            room.EmptySince = null;
            room.Updated = now;
            Notify(room, "participant-connected", now, participant);
            return participant;
        }
    }

    public Track Publish(string participantSid, string kind, string? name, DateTimeOffset now)
    {
        lock (gate)
        {
            var participant = ConnectedParticipant(participantSid);
            if (kind is not ("audio" or "video" or "data"))
            {
                throw TwilioErrorException.Of(400, 53300, "Track is invalid: kind must be audio, video or data");
            }
            var room = participant.Room;
            if (room.MaxConcurrentPublishedTracks > 0 && room.Connected.Sum(p => p.Tracks.Count) >= room.MaxConcurrentPublishedTracks)
            {
                throw TwilioErrorException.Of(400, 53203, "The maximum number of published tracks allowed in the Room at the same time has been reached");
            }
            var track = new Track
            {
                Sid = api.NewSid(TrackSchema),
                Participant = participant,
                Kind = kind,
                Name = name ?? Guid.NewGuid().ToString(),
                Created = now,
            };
            participant.Tracks.Add(track);
            Notify(room, "track-added", now, participant, track);
            return track;
        }
    }

    public Track Unpublish(string participantSid, string trackSid, DateTimeOffset now)
    {
        lock (gate)
        {
            var participant = ConnectedParticipant(participantSid);
            var track = participant.Tracks.FirstOrDefault(t => t.Sid == trackSid)
                ?? throw TwilioErrorException.Of(404, 20404, $"Track {trackSid} is not published by {participantSid}");
            participant.Tracks.Remove(track);
            Notify(participant.Room, "track-removed", now, participant, track);
            return track;
        }
    }

    public Participant Disconnect(string participantSid, DateTimeOffset now)
    {
        lock (gate)
        {
            var participant = ConnectedParticipant(participantSid);
            Disconnect(participant, now);
            return participant;
        }
    }

    /// <summary>Whether a room with this unique name or SID is in progress (a media processor can join it).</summary>
    public bool IsInProgress(string nameOrSid) => Locked(() => rooms.Any(r => r.InProgress && (r.Sid == nameOrSid || r.UniqueName == nameOrSid)));

    public IReadOnlyDictionary<string, object?> Fields(Participant participant) => Locked(() => participant.Fields(AccountSid));

    public IReadOnlyDictionary<string, object?> Fields(Track track) => Locked(track.Fields);

    // --- Time ---

    public void Tick(DateTimeOffset now)
    {
        lock (gate)
        {
            foreach (var room in rooms.Where(r => r.InProgress).ToList())
            {
                foreach (var overdue in room.Connected.Where(p => now - p.Created >= TimeSpan.FromSeconds(room.MaxParticipantDuration)).ToList())
                {
                    Disconnect(overdue, now);
                }
                var unused = room.EmptySince is null && !room.Participants.Any() && now - room.Created >= TimeSpan.FromMinutes(room.UnusedRoomTimeout);
                var empty = room.EmptySince is { } since && now - since >= TimeSpan.FromMinutes(room.EmptyRoomTimeout);
                if (unused || empty)
                {
                    Complete(room, now);
                }
            }
        }
    }

    // --- REST ---

    private RestReply CreateRoom(RestCall call)
    {
        var type = call.Text("Type") ?? "group";
        var maxParticipants = call.Integer("MaxParticipants") ?? GroupParticipantLimit;
        if (maxParticipants is < 1 or > GroupParticipantLimit)
        {
            throw TwilioErrorException.Of(400, 53107, $"MaxParticipants is out of range: 1 to {GroupParticipantLimit}");
        }
        var maxDuration = call.Integer("MaxParticipantDuration") ?? 14_400;
        if (maxDuration is < 1 or > MaxParticipantDurationLimit)
        {
            throw TwilioErrorException.Of(400, 20001, $"MaxParticipantDuration must be between 1 and {MaxParticipantDurationLimit} seconds");
        }
        var emptyTimeout = Timeout(call, "EmptyRoomTimeout");
        var unusedTimeout = Timeout(call, "UnusedRoomTimeout");
        var codecs = call.Values.All("VideoCodecs");
        lock (gate)
        {
            var sid = api.NewSid(RoomSchema);
            var uniqueName = call.Text("UniqueName") ?? sid;
            if (rooms.Any(r => r.InProgress && r.UniqueName == uniqueName))
            {
                throw TwilioErrorException.Of(400, 53113, "Room exists");
            }
            var room = new Room
            {
                Sid = sid,
                UniqueName = uniqueName,
                Type = type,
                StatusCallback = call.Text("StatusCallback"),
                StatusCallbackMethod = call.Text("StatusCallbackMethod") ?? "POST",
                MaxParticipants = maxParticipants,
                MaxParticipantDuration = maxDuration,
                MaxConcurrentPublishedTracks = 170,
                EmptyRoomTimeout = emptyTimeout,
                UnusedRoomTimeout = unusedTimeout,
                VideoCodecs = codecs.Count > 0 ? codecs : ["VP8"],
                MediaRegion = call.Text("MediaRegion") ?? "us1",
                AudioOnly = call.Boolean("AudioOnly") ?? false,
                RecordParticipantsOnConnect = call.Boolean("RecordParticipantsOnConnect") ?? false,
                LargeRoom = call.Boolean("LargeRoom") ?? false,
                Created = call.Now,
                Updated = call.Now,
            };
            rooms.Add(room);
            Notify(room, "room-created", call.Now);
            return RestReply.Of(room.Fields(AccountSid));
        }
    }

    private RestReply ListRooms(RestCall call)
    {
        var status = call.Text("Status");
        var name = call.Text("UniqueName");
        var after = call.Time("DateCreatedAfter");
        var before = call.Time("DateCreatedBefore");
        lock (gate)
        {
            return RestReply.ListOf(rooms
                .Where(r => (status is null || r.Status == status) && (name is null || r.UniqueName == name)
                    && (after is null || r.Created >= after) && (before is null || r.Created <= before))
                .OrderByDescending(r => r.Created)
                .Select(r => r.Fields(AccountSid))
                .ToList());
        }
    }

    private RestReply UpdateRoom(RestCall call)
    {
        lock (gate)
        {
            var room = RoomAt(call, "Sid");
            if (call.Text("Status") != "completed" || !room.InProgress)
            {
                throw TwilioErrorException.Of(400, 53112, "Status is invalid: only an in-progress room can be set to completed");
            }
            Complete(room, call.Now);
            return RestReply.Of(room.Fields(AccountSid));
        }
    }

    private RestReply ListParticipants(RestCall call)
    {
        var identity = call.Text("Identity");
        var after = call.Time("DateCreatedAfter");
        var before = call.Time("DateCreatedBefore");
        lock (gate)
        {
            var room = RoomAt(call, "RoomSid");
            // Twilio: for in-progress rooms the default Status is connected; completed rooms only have disconnected ones.
            var status = call.Text("Status") ?? (room.InProgress ? "connected" : "disconnected");
            return RestReply.ListOf(room.Participants
                .Where(p => p.Status == status && (identity is null || p.Identity == identity)
                    && (after is null || p.Created >= after) && (before is null || p.Created <= before))
                .Select(p => p.Fields(AccountSid))
                .ToList());
        }
    }

    private RestReply UpdateParticipant(RestCall call)
    {
        lock (gate)
        {
            var participant = ParticipantAt(call, "Sid");
            if (call.Text("Status") != "disconnected")
            {
                throw TwilioErrorException.Of(400, 20001, "Status can only be set to disconnected");
            }
            // Disconnecting a participant that already left answers its current state.
            if (participant.Connected)
            {
                Disconnect(participant, call.Now);
            }
            return RestReply.Of(participant.Fields(AccountSid));
        }
    }

    private RestReply FetchTrack(RestCall call)
    {
        lock (gate)
        {
            var participant = ParticipantAt(call, "ParticipantSid");
            var sid = call.Path("Sid");
            var track = participant.Tracks.FirstOrDefault(t => t.Sid == sid || t.Name == sid)
                ?? throw new TwilioErrorException(TwilioError.NotFound(call.Operation.PathTemplate));
            return RestReply.Of(track.Fields());
        }
    }

    private RestReply UpdateRules(RestCall call)
    {
        JsonArray? rules;
        try
        {
            rules = JsonNode.Parse(call.Text("Rules") ?? "[]") as JsonArray;
        }
        catch (JsonException)
        {
            rules = null;
        }
        if (rules is null || rules.Any(rule => rule?["type"]?.GetValue<string>() is not ("include" or "exclude")))
        {
            throw TwilioErrorException.Of(400, 20001, "Rules must be a JSON array of rules whose type is include or exclude");
        }
        lock (gate)
        {
            var participant = ParticipantAt(call, "ParticipantSid");
            participant.Rules = rules;
            participant.RulesUpdated = call.Now;
            return RestReply.Of(RulesFields(participant));
        }
    }

    // --- State changes, always under the lock, so callbacks queue in event order ---

    private void Disconnect(Participant participant, DateTimeOffset now)
    {
        foreach (var track in participant.Tracks.ToList())
        {
            participant.Tracks.Remove(track);
            Notify(participant.Room, "track-removed", now, participant, track);
        }
        participant.Status = "disconnected";
        participant.Ended = now;
        participant.Updated = now;
        var room = participant.Room;
        if (!room.Connected.Any())
        {
            room.EmptySince = now;
        }
        Notify(room, "participant-disconnected", now, participant);
    }

    private void Complete(Room room, DateTimeOffset now)
    {
        foreach (var participant in room.Connected.ToList())
        {
            Disconnect(participant, now);
        }
        room.Status = "completed";
        room.Ended = now;
        room.Updated = now;
        Notify(room, "room-ended", now);
    }

    /// <summary>Twilio's Rooms status callback parameters (docs: Status Callbacks, Rooms).</summary>
    private void Notify(Room room, string callbackEvent, DateTimeOffset now, Participant? participant = null, Track? track = null)
    {
        var sequence = room.NextSequence++;
        if (room.StatusCallback is null)
        {
            return;
        }
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", AccountSid),
            new("RoomName", room.UniqueName),
            new("RoomSid", room.Sid),
            new("RoomStatus", room.Status),
            new("RoomType", room.Type),
            new("StatusCallbackEvent", callbackEvent),
            new("Timestamp", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
            new("SequenceNumber", sequence.ToString(CultureInfo.InvariantCulture)),
        };
        if (participant is not null)
        {
            parameters.Add(new("ParticipantSid", participant.Sid));
            parameters.Add(new("ParticipantStatus", participant.Status));
            parameters.Add(new("ParticipantIdentity", participant.Identity));
            if (callbackEvent == "participant-disconnected")
            {
                parameters.Add(new("ParticipantDuration", (participant.Duration ?? 0).ToString(CultureInfo.InvariantCulture)));
            }
        }
        if (track is not null)
        {
            parameters.Add(new("TrackSid", track.Sid));
            parameters.Add(new("TrackKind", track.Kind));
        }
        if (callbackEvent == "room-ended")
        {
            parameters.Add(new("RoomDuration", ((int)(now - room.Created).TotalSeconds).ToString(CultureInfo.InvariantCulture)));
        }
        callbacks.Send(room.Sid, room.StatusCallback, room.StatusCallbackMethod, parameters);
    }

    // --- Lookups (under the lock) ---

    /// <summary>By SID (any status) or by unique name (in-progress rooms only, as Twilio resolves names).</summary>
    private Room RoomAt(RestCall call, string parameter)
    {
        lock (gate)
        {
            var key = call.Path(parameter);
            return rooms.FirstOrDefault(r => r.Sid == key)
                ?? rooms.FirstOrDefault(r => r.InProgress && r.UniqueName == key)
                ?? throw new TwilioErrorException(TwilioError.NotFound(PathOf(call)));
        }
    }

    /// <summary>By SID, or by identity among the connected participants.</summary>
    private Participant ParticipantAt(RestCall call, string parameter)
    {
        lock (gate)
        {
            var room = RoomAt(call, "RoomSid");
            var key = call.Path(parameter);
            return room.Participants.FirstOrDefault(p => p.Sid == key)
                ?? room.Connected.FirstOrDefault(p => p.Identity == key)
                ?? throw new TwilioErrorException(TwilioError.NotFound(PathOf(call)));
        }
    }

    private Participant ConnectedParticipant(string participantSid) =>
        rooms.SelectMany(r => r.Participants).FirstOrDefault(p => p.Sid == participantSid && p.Connected)
            ?? throw TwilioErrorException.Of(404, 53204, $"Participant not found: {participantSid} is not connected");

    private IReadOnlyDictionary<string, object?> Fields(Room room) => Locked(() => room.Fields(AccountSid));

    private IReadOnlyDictionary<string, object?> RulesFields(Participant participant) => new Dictionary<string, object?>
    {
        ["participant_sid"] = participant.Sid,
        ["room_sid"] = participant.Room.Sid,
        ["rules"] = participant.Rules,
        ["date_created"] = participant.Created,
        ["date_updated"] = participant.RulesUpdated,
    };

    private T Locked<T>(Func<T> read)
    {
        lock (gate)
        {
            return read();
        }
    }

    /// <summary>Twilio's timeouts are whole minutes from 1 to 60 (default 5).</summary>
    private static int Timeout(RestCall call, string parameter) =>
        call.Integer(parameter) is { } minutes
            ? minutes is >= 1 and <= 60 ? minutes : throw TwilioErrorException.Of(400, 20001, $"{parameter} must be between 1 and 60 minutes")
            : 5;

    private static string PathOf(RestCall call) =>
        System.Text.RegularExpressions.Regex.Replace(call.Operation.PathTemplate, @"\{(\w+)\}", m => call.Values[m.Groups[1].Value] ?? m.Value);
}
