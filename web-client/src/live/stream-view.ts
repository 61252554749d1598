/**
 * What the pages render about a stream. Both sources — gRPC-Web responses (protobuf-es
 * messages) and hub pushes (SignalR JSON) — are mapped into this one shape, so pages and the
 * version gate never care where a change came from.
 */
export type LiveStatus = "offline" | "starting" | "live" | "reconnecting" | "stopping";

export type Visibility = "public" | "unlisted" | "private";

export type EndReason =
  | "host-stopped"
  | "host-disconnected"
  | "max-duration"
  | "server-restart"
  | "stream-deleted"
  | "media-failure"
  | undefined;

export interface BroadcastView {
  id: string;
  startTime?: Date;
  endTime?: Date;
  endReason?: EndReason;
  peakViewers: number;
  totalViewers: number;
}

export interface StreamView {
  id: string;
  title: string;
  description: string;
  visibility: Visibility;
  status: LiveStatus;
  viewerCount: number;
  /** The broadcast in progress; undefined while offline. */
  broadcast?: BroadcastView;
  lastLiveEndTime?: Date;
  /** Why the most recent broadcast ended, when this client saw it end. */
  lastEndReason?: EndReason;
  createTime?: Date;
  /** Server version of this state; changes older than it are dropped. */
  version: number;
  /** Set once the stream is known to be deleted. */
  deleted?: boolean;
}

/** A stream that is on air from a viewer's point of view (media may be flowing). */
export function isOnAir(status: LiveStatus): boolean {
  return status === "live" || status === "reconnecting";
}

export function statusLabel(status: LiveStatus): string {
  switch (status) {
    case "live":
      return "Live";
    case "starting":
      return "Starting";
    case "reconnecting":
      return "Reconnecting";
    case "stopping":
      return "Ending";
    default:
      return "Offline";
  }
}

export function endReasonText(reason: EndReason): string {
  switch (reason) {
    case "host-stopped":
      return "The host ended the broadcast.";
    case "host-disconnected":
      return "The host lost their connection and did not come back.";
    case "max-duration":
      return "The broadcast reached its maximum length.";
    case "server-restart":
      return "The server restarted while the stream was live.";
    case "stream-deleted":
      return "The stream was deleted.";
    case "media-failure":
      return "The media service failed.";
    default:
      return "The broadcast has ended.";
  }
}
