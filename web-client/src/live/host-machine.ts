import type { EndReason, LiveStatus } from "./stream-view";

/** What the go-live switch shows. */
export type HostPhase = "OFFLINE" | "CONNECTING" | "LIVE" | "RECONNECTING";

export interface HostState {
  phase: HostPhase;
  /** StartStream succeeded for the current attempt; until then an OFFLINE status is the old one. */
  startAcknowledged: boolean;
  /** The hub connection is up (the host's publisher session can exist). */
  hubConnected: boolean;
  /** A readable error from the last failed attempt; cleared by the next go-live. */
  error?: string;
  /** Set when the server ended the broadcast on its own (grace expired, max duration…). */
  endedBy?: EndReason;
  /** The host's own media session (Twilio) is reconnecting: not LIVE, whatever the server says. */
  mediaInterrupted: boolean;
  /** The last status the server reported, so LIVE can return when the media session does. */
  serverStatus?: LiveStatus;
}

export type HostEvent =
  | { type: "go-live" }
  | { type: "start-acknowledged" }
  | { type: "start-failed"; message: string }
  | { type: "stop" }
  | { type: "hub-reconnecting" }
  | { type: "hub-connected" }
  | { type: "media-reconnecting" }
  | { type: "media-reconnected" }
  | { type: "server-status"; status: LiveStatus; endReason?: EndReason };

export const initialHostState: HostState = { phase: "OFFLINE", startAcknowledged: false, hubConnected: false, mediaInterrupted: false };

/**
 * The go-live switch as a state machine. The dashboard feeds it user actions, hub connection
 * changes and the server's status (already version-ordered by the store). Invariant: after any
 * failure the phase is OFFLINE — the switch never shows a half-live state.
 */
export function hostReducer(state: HostState, event: HostEvent): HostState {
  switch (event.type) {
    case "go-live":
      if (state.phase !== "OFFLINE") return state;
      return { ...state, phase: "CONNECTING", startAcknowledged: false, error: undefined, endedBy: undefined, mediaInterrupted: false };
    case "start-acknowledged":
      if (state.phase !== "CONNECTING") return state;
      return { ...state, startAcknowledged: true };
    case "start-failed":
      return { ...state, phase: "OFFLINE", startAcknowledged: false, error: event.message, mediaInterrupted: false };
    case "stop":
      return { ...state, phase: "OFFLINE", startAcknowledged: false, mediaInterrupted: false };
    case "hub-reconnecting":
      return {
        ...state,
        hubConnected: false,
        phase: state.phase === "LIVE" ? "RECONNECTING" : state.phase,
      };
    case "hub-connected":
      // Rejoining is not yet being live: wait for the server to say LIVE again.
      return { ...state, hubConnected: true };
    case "media-reconnecting":
      if (state.phase === "OFFLINE") return state;
      return { ...state, mediaInterrupted: true, phase: state.phase === "LIVE" ? "RECONNECTING" : state.phase };
    case "media-reconnected": {
      if (!state.mediaInterrupted) return state;
      const back = state.phase === "RECONNECTING" && state.hubConnected && state.serverStatus === "live";
      return { ...state, mediaInterrupted: false, phase: back ? "LIVE" : state.phase };
    }
    case "server-status": {
      const next = onServerStatus(state, event.status, event.endReason);
      return next.serverStatus === event.status ? next : { ...next, serverStatus: event.status };
    }
  }
}

function onServerStatus(state: HostState, status: LiveStatus, endReason: EndReason): HostState {
  if (state.phase === "OFFLINE") return state;
  switch (status) {
    case "live":
      return state.hubConnected && !state.mediaInterrupted && (state.startAcknowledged || state.phase !== "CONNECTING")
        ? { ...state, phase: "LIVE" }
        : state;
    case "reconnecting":
      return state.phase === "CONNECTING" ? state : { ...state, phase: "RECONNECTING" };
    case "starting":
      return state;
    case "stopping":
    case "offline":
      // Before StartStream answers, OFFLINE is the state we are leaving, not an ending.
      if (state.phase === "CONNECTING" && !state.startAcknowledged) return state;
      return { ...state, phase: "OFFLINE", startAcknowledged: false, mediaInterrupted: false, endedBy: status === "offline" ? endReason : state.endedBy };
  }
}
