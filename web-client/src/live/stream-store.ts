import type { BroadcastView, LiveStatus, StreamView, Visibility } from "./stream-view";

/** A change to one stream, as the hub pushes it. Each carries the stream's version after it. */
export type StreamChange =
  | { kind: "status"; streamId: string; version: number; status: LiveStatus; broadcast?: BroadcastView; time?: Date }
  | { kind: "counts"; streamId: string; version: number; viewerCount: number; peakViewers: number; totalViewers: number }
  | { kind: "details"; streamId: string; version: number; title: string; description: string; visibility: Visibility }
  | { kind: "deleted"; streamId: string; version: number };

export type ChangeCause = "snapshot" | StreamChange["kind"];
export type StoreListener = (view: StreamView, cause: ChangeCause) => void;

/** The parts of a stream that change independently, each stamped with the version that last set it. */
type Part = "status" | "counts" | "details";

interface Held {
  view: StreamView;
  versions: Record<Part, number>;
}

/** How many changes to park for a stream whose snapshot has not arrived yet. */
const MaxParked = 64;

/**
 * The client's copy of each stream it follows, ordered by the server's version.
 *
 * Counts are coalesced on the server (at most one push per interval), so a count push can carry
 * an older version than a status push that overtook it. Each part — status, counts, details —
 * therefore keeps the version that last set it, and a push applies only when it is newer than
 * that part: a late push can never roll a stream back (LIVE → a stale OFFLINE), and a coalesced
 * count is not lost behind a status change.
 *
 * A snapshot (a join, a resync after reconnect) sets every part it is not older than. A change
 * that arrives before the stream's first snapshot — a push can overtake the reply to the join
 * that asked for it — is parked and replayed on top of the snapshot.
 */
export class StreamStore {
  private readonly held = new Map<string, Held>();
  private readonly parked = new Map<string, StreamChange[]>();
  private readonly listeners = new Set<StoreListener>();

  get(streamId: string): StreamView | undefined {
    return this.held.get(streamId)?.view;
  }

  all(): StreamView[] {
    return [...this.held.values()].map((held) => held.view);
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets a stream (no longer followed). */
  forget(streamId: string): void {
    this.held.delete(streamId);
    this.parked.delete(streamId);
  }

  /** Takes each part of the snapshot that is not older than what is held. Returns whether anything was taken. */
  applySnapshot(snapshot: StreamView): boolean {
    const current = this.held.get(snapshot.id);
    let held: Held;
    if (!current) {
      held = { view: { ...snapshot }, versions: { status: snapshot.version, counts: snapshot.version, details: snapshot.version } };
    } else {
      const v = snapshot.version;
      const view = { ...current.view };
      const versions = { ...current.versions };
      let taken = false;
      if (v >= versions.status) {
        Object.assign(view, { status: snapshot.status, broadcast: snapshot.broadcast, lastLiveEndTime: snapshot.lastLiveEndTime ?? view.lastLiveEndTime });
        versions.status = v;
        taken = true;
      }
      if (v >= versions.counts) {
        view.viewerCount = snapshot.viewerCount;
        if (view.broadcast && snapshot.broadcast && view.broadcast.id === snapshot.broadcast.id) {
          view.broadcast = { ...view.broadcast, peakViewers: snapshot.broadcast.peakViewers, totalViewers: snapshot.broadcast.totalViewers };
        }
        versions.counts = v;
        taken = true;
      }
      if (v >= versions.details) {
        Object.assign(view, { title: snapshot.title, description: snapshot.description, visibility: snapshot.visibility });
        versions.details = v;
        taken = true;
      }
      if (!taken) return false;
      view.version = Math.max(view.version, v);
      held = { view, versions };
    }
    const parked = this.parked.get(snapshot.id) ?? [];
    this.parked.delete(snapshot.id);
    for (const change of parked.sort((a, b) => a.version - b.version)) {
      held = reduce(held, change) ?? held;
    }
    this.held.set(snapshot.id, held);
    this.emit(held.view, "snapshot");
    return true;
  }

  /** Returns true if the change was applied; false if it was stale or had to be parked. */
  apply(change: StreamChange): boolean {
    const held = this.held.get(change.streamId);
    if (!held) {
      const parked = this.parked.get(change.streamId) ?? [];
      parked.push(change);
      if (parked.length > MaxParked) parked.shift();
      this.parked.set(change.streamId, parked);
      return false;
    }
    const next = reduce(held, change);
    if (!next) return false;
    this.held.set(change.streamId, next);
    this.emit(next.view, change.kind);
    return true;
  }

  private emit(view: StreamView, cause: ChangeCause): void {
    for (const listener of this.listeners) listener(view, cause);
  }
}

/** The held stream with the change applied, or undefined when the change is stale. */
function reduce(held: Held, change: StreamChange): Held | undefined {
  const part: Part = change.kind === "deleted" ? "status" : change.kind;
  if (change.version <= held.versions[part]) return undefined;
  const versions = { ...held.versions, [part]: change.version };
  const view: StreamView = { ...held.view, version: Math.max(held.view.version, change.version) };
  switch (change.kind) {
    case "status":
      view.status = change.status;
      if (change.status === "offline") {
        view.broadcast = undefined;
        view.lastLiveEndTime = change.broadcast?.endTime ?? change.time ?? new Date();
        view.lastEndReason = change.broadcast?.endReason;
      } else if (change.broadcast) {
        view.broadcast = change.broadcast;
      }
      break;
    case "counts":
      view.viewerCount = change.viewerCount;
      if (view.broadcast) view.broadcast = { ...view.broadcast, peakViewers: change.peakViewers, totalViewers: change.totalViewers };
      break;
    case "details":
      view.title = change.title;
      view.description = change.description;
      view.visibility = change.visibility;
      break;
    case "deleted":
      view.deleted = true;
      view.status = "offline";
      view.broadcast = undefined;
      break;
  }
  return { view, versions };
}
