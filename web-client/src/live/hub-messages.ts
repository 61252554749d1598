import type { StreamChange } from "./stream-store";
import type { BroadcastView, EndReason, LiveStatus, StreamView, Visibility } from "./stream-view";

/*
 * The hub's JSON (records in src/LiveGrpc.Server/Hub/Messages, camelCase on the wire) and
 * their mapping into the client's model. Enums are accepted as numbers (System.Text.Json's
 * default) or names, so a server that switches to string enums keeps working.
 */
export type WireEnum = number | string;

export interface BroadcastInfo {
  id: string;
  startTime: string;
  endTime?: string | null;
  endReason: WireEnum;
  peakViewers: number;
  totalViewers: number;
}

export interface StreamSnapshot {
  streamId: string;
  title: string;
  description: string;
  visibility: WireEnum;
  status: WireEnum;
  version: number;
  viewerCount: number;
  broadcast?: BroadcastInfo | null;
  updateTime: string;
}

export interface WatchResponse {
  stream: StreamSnapshot;
  peerId?: string | null;
  hostPeerId?: string | null;
}

export interface MeshPeer {
  peerId: string;
  displayName?: string | null;
}

export interface HostResponse {
  stream: StreamSnapshot;
  peerId: string;
  viewers: MeshPeer[];
}

export interface UnavailableStream {
  streamId: string;
  code: string;
  message: string;
}

export interface FollowResponse {
  streams: StreamSnapshot[];
  unavailable: UnavailableStream[];
}

export interface StreamStatusPush {
  streamId: string;
  version: number;
  time: string;
  status: WireEnum;
  broadcast?: BroadcastInfo | null;
}

export interface ViewerCountPush {
  streamId: string;
  version: number;
  time: string;
  viewerCount: number;
  peakViewers: number;
  totalViewers: number;
}

export interface StreamDetailsPush {
  streamId: string;
  version: number;
  time: string;
  title: string;
  description: string;
  visibility: WireEnum;
}

export interface StreamDeletedPush {
  streamId: string;
  version: number;
  time: string;
}

export interface PeerPush {
  streamId: string;
  peerId: string;
  displayName?: string | null;
}

export interface IceCandidateWire {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

export interface SignalPush {
  streamId: string;
  fromPeerId: string;
  kind: string;
  sdp?: string | null;
  candidate?: IceCandidateWire | null;
}

export interface HostReplacedPush {
  streamId: string;
}

const Statuses: LiveStatus[] = ["offline", "starting", "live", "reconnecting", "stopping"];
const Visibilities: Visibility[] = ["public", "unlisted", "private"];
const EndReasons: Exclude<EndReason, undefined>[] = [
  "host-stopped",
  "host-disconnected",
  "max-duration",
  "server-restart",
  "stream-deleted",
  "media-failure",
];

function byNumberOrName<T extends string>(value: WireEnum, names: readonly T[], fallback: T | undefined): T | undefined {
  if (typeof value === "number") return names[value - 1] ?? fallback;
  const normalized = value.replace(/[_-]/g, "").toLowerCase();
  return names.find((name) => name.replace(/-/g, "") === normalized) ?? fallback;
}

export const statusFromWire = (value: WireEnum): LiveStatus => byNumberOrName(value, Statuses, "offline")!;
export const visibilityFromWire = (value: WireEnum): Visibility => byNumberOrName(value, Visibilities, "public")!;
export const endReasonFromWire = (value: WireEnum): EndReason => byNumberOrName(value, EndReasons, undefined);

export function broadcastFromWire(broadcast: BroadcastInfo | null | undefined): BroadcastView | undefined {
  if (!broadcast) return undefined;
  return {
    id: broadcast.id,
    startTime: new Date(broadcast.startTime),
    endTime: broadcast.endTime ? new Date(broadcast.endTime) : undefined,
    endReason: endReasonFromWire(broadcast.endReason),
    peakViewers: broadcast.peakViewers,
    totalViewers: broadcast.totalViewers,
  };
}

export function snapshotFromWire(snapshot: StreamSnapshot): StreamView {
  const status = statusFromWire(snapshot.status);
  const broadcast = broadcastFromWire(snapshot.broadcast);
  const ended = status === "offline" && broadcast?.endTime;
  return {
    id: snapshot.streamId,
    title: snapshot.title,
    description: snapshot.description,
    visibility: visibilityFromWire(snapshot.visibility),
    status,
    viewerCount: snapshot.viewerCount,
    broadcast: status === "offline" ? undefined : broadcast,
    lastLiveEndTime: ended ? broadcast.endTime : undefined,
    lastEndReason: ended ? broadcast.endReason : undefined,
    version: snapshot.version,
  };
}

export function statusChangeFromWire(push: StreamStatusPush): StreamChange {
  return {
    kind: "status",
    streamId: push.streamId,
    version: push.version,
    status: statusFromWire(push.status),
    broadcast: broadcastFromWire(push.broadcast),
    time: new Date(push.time),
  };
}

export function countChangeFromWire(push: ViewerCountPush): StreamChange {
  return {
    kind: "counts",
    streamId: push.streamId,
    version: push.version,
    viewerCount: push.viewerCount,
    peakViewers: push.peakViewers,
    totalViewers: push.totalViewers,
  };
}

export function detailsChangeFromWire(push: StreamDetailsPush): StreamChange {
  return {
    kind: "details",
    streamId: push.streamId,
    version: push.version,
    title: push.title,
    description: push.description,
    visibility: visibilityFromWire(push.visibility),
  };
}

export function candidateToWire(candidate: RTCIceCandidateInit): IceCandidateWire {
  return {
    candidate: candidate.candidate ?? "",
    sdpMid: candidate.sdpMid ?? null,
    sdpMLineIndex: candidate.sdpMLineIndex ?? null,
    usernameFragment: candidate.usernameFragment ?? null,
  };
}

export function candidateFromWire(candidate: IceCandidateWire): RTCIceCandidateInit {
  return {
    candidate: candidate.candidate,
    sdpMid: candidate.sdpMid ?? null,
    sdpMLineIndex: candidate.sdpMLineIndex ?? null,
    usernameFragment: candidate.usernameFragment ?? null,
  };
}

/** A hub error as the server shaped it: "code: message" inside SignalR's HubException text. */
export interface HubError {
  code: string;
  message: string;
}

export function parseHubError(error: unknown): HubError {
  const text = error instanceof Error ? error.message : String(error);
  const match = /HubException: ([a-z_]+): ([\s\S]*)$/.exec(text);
  if (match) return { code: match[1], message: match[2].trim() };
  return { code: "unavailable", message: text };
}
