import { describe, expect, it } from "vitest";
import { parseHubError, snapshotFromWire, statusChangeFromWire, statusFromWire, endReasonFromWire, visibilityFromWire } from "../src/live/hub-messages";

describe("hub JSON mapping", () => {
  it("reads the server's enum names (SNAKE_CASE_UPPER) and plain numbers alike", () => {
    expect(statusFromWire("LIVE")).toBe("live");
    expect(statusFromWire("RECONNECTING")).toBe("reconnecting");
    expect(statusFromWire(3)).toBe("live");
    expect(visibilityFromWire("UNLISTED")).toBe("unlisted");
    expect(endReasonFromWire("HOST_DISCONNECTED")).toBe("host-disconnected");
    expect(endReasonFromWire("NONE")).toBeUndefined();
    expect(endReasonFromWire(0)).toBeUndefined();
  });

  it("maps a snapshot of an offline stream without a current broadcast", () => {
    const view = snapshotFromWire({
      streamId: "st_1",
      title: "T",
      description: "",
      visibility: "PUBLIC",
      status: "OFFLINE",
      version: 7,
      viewerCount: 0,
      broadcast: null,
      updateTime: "2026-11-22T00:00:00Z",
    });
    expect(view).toMatchObject({ id: "st_1", status: "offline", version: 7, broadcast: undefined });
  });

  it("carries the end time and reason of a broadcast that just ended", () => {
    const change = statusChangeFromWire({
      streamId: "st_1",
      version: 9,
      time: "2026-11-22T00:01:00Z",
      status: "OFFLINE",
      broadcast: { id: "bc_1", startTime: "2026-11-22T00:00:00Z", endTime: "2026-11-22T00:01:00Z", endReason: "HOST_STOPPED", peakViewers: 2, totalViewers: 3 },
    });
    expect(change).toMatchObject({ kind: "status", status: "offline", version: 9 });
    if (change.kind !== "status") throw new Error("status change expected");
    expect(change.broadcast?.endReason).toBe("host-stopped");
    expect(change.broadcast?.endTime?.toISOString()).toBe("2026-11-22T00:01:00.000Z");
  });

  it("reads the code and message out of SignalR's HubException text", () => {
    const error = new Error("An unexpected error occurred invoking 'Watch' on the server. HubException: stream_full: This stream is full: the host's browser serves at most 20 viewers. Try again later.");
    expect(parseHubError(error)).toEqual({ code: "stream_full", message: "This stream is full: the host's browser serves at most 20 viewers. Try again later." });
    expect(parseHubError(new Error("WebSocket closed"))).toEqual({ code: "unavailable", message: "WebSocket closed" });
  });
});
