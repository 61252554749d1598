import { describe, expect, it } from "vitest";
import { initialWatchState, watchReducer, type WatchEvent, type WatchState } from "../src/live/watch-machine";

const run = (events: WatchEvent[], from: WatchState = initialWatchState) => events.reduce(watchReducer, from);

describe("watch page states", () => {
  it("waits for a host that has not gone live yet", () => {
    expect(run([{ type: "server-status", status: "offline" }]).phase).toBe("waiting");
    expect(run([{ type: "server-status", status: "starting" }]).phase).toBe("waiting");
  });

  it("goes live, shows the host reconnecting, and ends", () => {
    let state = run([{ type: "server-status", status: "live" }]);
    expect(state.phase).toBe("live");
    state = watchReducer(state, { type: "server-status", status: "reconnecting" });
    expect(state.phase).toBe("host-reconnecting");
    state = watchReducer(state, { type: "server-status", status: "offline", endReason: "host-disconnected" });
    expect(state.phase).toBe("ended");
    expect(state.endReason).toBe("host-disconnected");
  });

  it("resumes by itself when the host goes live again after an end", () => {
    const state = run([
      { type: "server-status", status: "live" },
      { type: "server-status", status: "offline", endReason: "host-stopped" },
      { type: "server-status", status: "starting" },
      { type: "server-status", status: "live" },
    ]);
    expect(state.phase).toBe("live");
    expect(state.endReason).toBeUndefined();
  });

  it("shows its own connection dropping, then follows the resync", () => {
    let state = run([{ type: "server-status", status: "live" }, { type: "hub-reconnecting" }]);
    expect(state.phase).toBe("reconnecting");
    state = watchReducer(state, { type: "hub-connected" });
    expect(state.phase).toBe("reconnecting");
    state = watchReducer(state, { type: "server-status", status: "offline" });
    expect(state.phase).toBe("ended");
  });

  it("keeps a blocking error (unknown stream, credential needed) whatever arrives later", () => {
    for (const error of [{ type: "not-found" }, { type: "needs-credential" }] as WatchEvent[]) {
      const state = run([error, { type: "server-status", status: "live" }, { type: "hub-reconnecting" }]);
      expect(state.phase).toBe(error.type);
    }
  });

  it("stays 'mesh full' while that broadcast lasts and gets a new chance after it ends", () => {
    let state = run([{ type: "server-status", status: "live" }, { type: "mesh-full", message: "full" }]);
    state = watchReducer(state, { type: "server-status", status: "live" });
    expect(state.phase).toBe("mesh-full");
    state = watchReducer(state, { type: "server-status", status: "offline" });
    expect(state.phase).toBe("ended");
    state = watchReducer(state, { type: "server-status", status: "live" });
    expect(state.phase).toBe("live");
  });
});

describe("watch page states from a player with a media session of its own (Twilio)", () => {
  it("shows the host reconnecting when the player loses the host, until the host's media is back", () => {
    let state = run([{ type: "server-status", status: "live" }, { type: "media-host-away" }]);
    expect(state.phase).toBe("host-reconnecting");
    // A count push repeats LIVE: the player's word holds.
    state = watchReducer(state, { type: "server-status", status: "live" });
    expect(state.phase).toBe("host-reconnecting");
    state = watchReducer(state, { type: "media-host-back" });
    expect(state.phase).toBe("live");
  });

  it("shows ended when the player's stream ends, even before the server says so, and resumes with the next broadcast", () => {
    let state = run([{ type: "server-status", status: "live" }, { type: "media-ended" }]);
    expect(state.phase).toBe("ended");
    state = watchReducer(state, { type: "server-status", status: "live" });
    expect(state.phase).toBe("ended");
    state = watchReducer(state, { type: "server-status", status: "offline", endReason: "host-stopped" });
    expect(state.phase).toBe("ended");
    expect(state.endReason).toBe("host-stopped");
    state = watchReducer(state, { type: "server-status", status: "live" });
    expect(state.phase).toBe("live");
  });

  it("ignores player events when not live", () => {
    const waiting = run([{ type: "server-status", status: "offline" }]);
    expect(watchReducer(waiting, { type: "media-ended" })).toBe(waiting);
    expect(watchReducer(waiting, { type: "media-host-away" })).toBe(waiting);
  });
});
