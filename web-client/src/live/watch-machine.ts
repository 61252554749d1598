import type { EndReason, LiveStatus } from "./stream-view";

/** What the watch page shows. */
export type WatchPhase =
  | "loading"
  | "waiting" // the stream exists but is not on air yet
  | "live"
  | "host-reconnecting"
  | "ended" // it was on air while this page was open and has ended
  | "reconnecting" // our own connection to the server dropped
  | "needs-credential"
  | "not-found"
  | "mesh-full"
  | "failed";

export interface WatchState {
  phase: WatchPhase;
  /** The last status the server reported (kept while our own connection is down). */
  status?: LiveStatus;
  /** The page saw the stream on air, so OFFLINE now means "ended", not "not started yet". */
  sawOnAir: boolean;
  endReason?: EndReason;
  message?: string;
  /** The player reports the host's side of the media session gone (Twilio room: the host left). */
  hostMediaAway?: boolean;
  /** The player's media session ended (Twilio Live's Ended, a completed room) while the server still said on air. */
  mediaEnded?: boolean;
}

export type WatchEvent =
  | { type: "server-status"; status: LiveStatus; endReason?: EndReason }
  | { type: "hub-reconnecting" }
  | { type: "hub-connected" }
  | { type: "not-found"; message?: string }
  | { type: "needs-credential"; message?: string }
  | { type: "mesh-full"; message?: string }
  | { type: "failed"; message: string }
  /** Events from the player, which may see the media stop before the server's status changes. */
  | { type: "media-host-away" }
  | { type: "media-host-back" }
  | { type: "media-ended" };

export const initialWatchState: WatchState = { phase: "loading", sawOnAir: false };

const Blocking: WatchPhase[] = ["not-found", "needs-credential", "failed"];

/** The watch page's state machine: fed version-ordered statuses and connection changes. */
export function watchReducer(state: WatchState, event: WatchEvent): WatchState {
  switch (event.type) {
    case "server-status": {
      if (Blocking.includes(state.phase)) return state;
      const onAir = event.status === "live" || event.status === "reconnecting";
      const sawOnAir = state.sawOnAir || onAir;
      // The player's view of this broadcast holds while the server still has it on air.
      const base = onAir
        ? { ...state, status: event.status, sawOnAir, message: undefined }
        : { ...state, status: event.status, sawOnAir, message: undefined, hostMediaAway: false, mediaEnded: false };
      switch (event.status) {
        case "live":
          // A full mesh stays full while the host is live; a new broadcast gets a new chance.
          if (state.phase === "mesh-full") return { ...base, phase: "mesh-full", message: state.message };
          if (state.mediaEnded) return { ...base, phase: "ended" };
          return { ...base, phase: state.hostMediaAway ? "host-reconnecting" : "live", endReason: undefined };
        case "reconnecting":
          return state.mediaEnded ? { ...base, phase: "ended" } : { ...base, phase: "host-reconnecting" };
        case "starting":
          return { ...base, phase: "waiting" };
        case "stopping":
        case "offline":
          return state.sawOnAir
            ? { ...base, phase: "ended", endReason: event.endReason ?? state.endReason }
            : { ...base, phase: "waiting" };
      }
      return base;
    }
    case "hub-reconnecting":
      return Blocking.includes(state.phase) ? state : { ...state, phase: "reconnecting" };
    case "hub-connected":
      // The rejoin's snapshot decides the phase; until then keep showing "reconnecting".
      return state;
    case "not-found":
      return { ...state, phase: "not-found", message: event.message };
    case "needs-credential":
      return { ...state, phase: "needs-credential", message: event.message };
    case "mesh-full":
      return { ...state, phase: "mesh-full", message: event.message };
    case "failed":
      return { ...state, phase: "failed", message: event.message };
    case "media-host-away":
      return state.phase === "live" ? { ...state, phase: "host-reconnecting", hostMediaAway: true } : state;
    case "media-host-back":
      if (!state.hostMediaAway) return state;
      return { ...state, hostMediaAway: false, phase: state.phase === "host-reconnecting" && state.status === "live" ? "live" : state.phase };
    case "media-ended":
      if (state.phase !== "live" && state.phase !== "host-reconnecting") return state;
      return { ...state, phase: "ended", sawOnAir: true, mediaEnded: true, hostMediaAway: false, endReason: undefined };
  }
}
