import { describe, expect, it } from "vitest";
import { hostReducer, initialHostState, type HostEvent, type HostState } from "../src/live/host-machine";

function run(events: HostEvent[], from: HostState = { ...initialHostState, hubConnected: true }): HostState {
  return events.reduce(hostReducer, from);
}

describe("host go-live switch", () => {
  it("goes OFFLINE → CONNECTING → LIVE once the start is acknowledged and the server says LIVE", () => {
    let state = run([{ type: "go-live" }]);
    expect(state.phase).toBe("CONNECTING");
    state = hostReducer(state, { type: "start-acknowledged" });
    expect(state.phase).toBe("CONNECTING");
    state = hostReducer(state, { type: "server-status", status: "live" });
    expect(state.phase).toBe("LIVE");
  });

  it("is not LIVE on a LIVE status from before the start was acknowledged", () => {
    const state = run([{ type: "go-live" }, { type: "server-status", status: "live" }]);
    expect(state.phase).toBe("CONNECTING");
  });

  it("ignores the OFFLINE status it is leaving while the start is in flight", () => {
    const state = run([{ type: "go-live" }, { type: "server-status", status: "offline" }]);
    expect(state.phase).toBe("CONNECTING");
  });

  it("returns to OFFLINE with the message when starting fails — no half-live state", () => {
    const state = run([{ type: "go-live" }, { type: "start-failed", message: "Camera: permission denied" }]);
    expect(state.phase).toBe("OFFLINE");
    expect(state.error).toBe("Camera: permission denied");
    expect(state.startAcknowledged).toBe(false);
  });

  it("shows RECONNECTING while the hub is down and LIVE again only once the server confirms", () => {
    let state = run([{ type: "go-live" }, { type: "start-acknowledged" }, { type: "server-status", status: "live" }]);
    state = hostReducer(state, { type: "hub-reconnecting" });
    expect(state.phase).toBe("RECONNECTING");
    state = hostReducer(state, { type: "server-status", status: "live" }); // a stale push while down
    expect(state.phase).toBe("RECONNECTING");
    state = hostReducer(state, { type: "hub-connected" });
    expect(state.phase).toBe("RECONNECTING");
    state = hostReducer(state, { type: "server-status", status: "live" });
    expect(state.phase).toBe("LIVE");
  });

  it("shows RECONNECTING when the server has the broadcast in its grace window", () => {
    const state = run([{ type: "go-live" }, { type: "start-acknowledged" }, { type: "server-status", status: "live" }, { type: "server-status", status: "reconnecting" }]);
    expect(state.phase).toBe("RECONNECTING");
  });

  it("goes OFFLINE with the reason when the server ends the broadcast", () => {
    const state = run([
      { type: "go-live" },
      { type: "start-acknowledged" },
      { type: "server-status", status: "live" },
      { type: "server-status", status: "offline", endReason: "max-duration" },
    ]);
    expect(state.phase).toBe("OFFLINE");
    expect(state.endedBy).toBe("max-duration");
  });

  it("stops at once and a second go-live clears the last error", () => {
    let state = run([{ type: "go-live" }, { type: "start-failed", message: "boom" }]);
    state = hostReducer(state, { type: "go-live" });
    expect(state.error).toBeUndefined();
    state = hostReducer(state, { type: "stop" });
    expect(state.phase).toBe("OFFLINE");
  });

  it("ignores go-live while already connecting or live", () => {
    const connecting = run([{ type: "go-live" }, { type: "start-acknowledged" }]);
    expect(hostReducer(connecting, { type: "go-live" })).toBe(connecting);
  });
});

describe("host go-live switch with a media session of its own (Twilio)", () => {
  const live = () => run([{ type: "go-live" }, { type: "start-acknowledged" }, { type: "server-status", status: "live" }]);

  it("shows RECONNECTING while the media session reconnects and LIVE again when it is back", () => {
    let state = hostReducer(live(), { type: "media-reconnecting" });
    expect(state.phase).toBe("RECONNECTING");
    // The server still says LIVE (a count push): not LIVE until the media is back.
    state = hostReducer(state, { type: "server-status", status: "live" });
    expect(state.phase).toBe("RECONNECTING");
    state = hostReducer(state, { type: "media-reconnected" });
    expect(state.phase).toBe("LIVE");
  });

  it("stays RECONNECTING after the media returns while the server has the broadcast in its grace window", () => {
    let state = hostReducer(live(), { type: "media-reconnecting" });
    state = hostReducer(state, { type: "server-status", status: "reconnecting" });
    state = hostReducer(state, { type: "media-reconnected" });
    expect(state.phase).toBe("RECONNECTING");
    state = hostReducer(state, { type: "server-status", status: "live" });
    expect(state.phase).toBe("LIVE");
  });

  it("ignores media events while offline", () => {
    const offline = run([]);
    expect(hostReducer(offline, { type: "media-reconnecting" })).toBe(offline);
    expect(hostReducer(offline, { type: "media-reconnected" })).toBe(offline);
  });
});
