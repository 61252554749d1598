import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { EndReason, StreamStatus, Visibility, type Broadcast, type Stream } from "../gen/livegrpc/v1/stream_pb";
import type * as View from "../live/stream-view";

/** Protobuf-es messages → the view model the pages render. */
export function streamFromProto(stream: Stream): View.StreamView {
  return {
    id: stream.id,
    title: stream.title,
    description: stream.description,
    visibility: visibilityFromProto(stream.visibility),
    status: statusFromProto(stream.status),
    viewerCount: stream.viewerCount,
    broadcast: stream.currentBroadcast ? broadcastFromProto(stream.currentBroadcast) : undefined,
    lastLiveEndTime: date(stream.lastLiveEndTime),
    createTime: date(stream.createTime),
    version: Number(stream.version),
  };
}

export function broadcastFromProto(broadcast: Broadcast): View.BroadcastView {
  return {
    id: broadcast.id,
    startTime: date(broadcast.startTime),
    endTime: date(broadcast.endTime),
    endReason: endReasonFromProto(broadcast.endReason),
    peakViewers: broadcast.peakViewers,
    totalViewers: broadcast.totalViewers,
  };
}

export function statusFromProto(status: StreamStatus): View.LiveStatus {
  switch (status) {
    case StreamStatus.STARTING:
      return "starting";
    case StreamStatus.LIVE:
      return "live";
    case StreamStatus.RECONNECTING:
      return "reconnecting";
    case StreamStatus.STOPPING:
      return "stopping";
    default:
      return "offline";
  }
}

export function visibilityFromProto(visibility: Visibility): View.Visibility {
  switch (visibility) {
    case Visibility.UNLISTED:
      return "unlisted";
    case Visibility.PRIVATE:
      return "private";
    default:
      return "public";
  }
}

export function visibilityToProto(visibility: View.Visibility): Visibility {
  switch (visibility) {
    case "unlisted":
      return Visibility.UNLISTED;
    case "private":
      return Visibility.PRIVATE;
    default:
      return Visibility.PUBLIC;
  }
}

export function endReasonFromProto(reason: EndReason): View.EndReason {
  switch (reason) {
    case EndReason.HOST_STOPPED:
      return "host-stopped";
    case EndReason.HOST_DISCONNECTED:
      return "host-disconnected";
    case EndReason.MAX_DURATION:
      return "max-duration";
    case EndReason.SERVER_RESTART:
      return "server-restart";
    case EndReason.STREAM_DELETED:
      return "stream-deleted";
    case EndReason.MEDIA_FAILURE:
      return "media-failure";
    default:
      return undefined;
  }
}

function date(timestamp: Timestamp | undefined): Date | undefined {
  return timestamp ? timestampDate(timestamp) : undefined;
}
