import { describe, expect, it } from "vitest";
import { StreamStore } from "../src/live/stream-store";
import type { StreamView } from "../src/live/stream-view";

function snapshot(overrides: Partial<StreamView> = {}): StreamView {
  return {
    id: "st_1",
    title: "Morning run",
    description: "",
    visibility: "public",
    status: "offline",
    viewerCount: 0,
    version: 10,
    ...overrides,
  };
}

describe("StreamStore", () => {
  it("drops a status push older than the snapshot it holds", () => {
    const store = new StreamStore();
    store.applySnapshot(snapshot({ status: "live", version: 10 }));
    expect(store.apply({ kind: "status", streamId: "st_1", version: 9, status: "offline" })).toBe(false);
    expect(store.get("st_1")?.status).toBe("live");
  });

  it("drops a repeated push with the same version", () => {
    const store = new StreamStore();
    store.applySnapshot(snapshot({ version: 10 }));
    expect(store.apply({ kind: "status", streamId: "st_1", version: 11, status: "live" })).toBe(true);
    expect(store.apply({ kind: "status", streamId: "st_1", version: 11, status: "live" })).toBe(false);
  });

  it("applies newer pushes in order and notifies listeners", () => {
    const store = new StreamStore();
    const seen: string[] = [];
    store.subscribe((view, cause) => seen.push(`${cause}:${view.status}:${view.viewerCount}`));
    store.applySnapshot(snapshot({ version: 1 }));
    store.apply({ kind: "status", streamId: "st_1", version: 2, status: "live", broadcast: { id: "bc_1", peakViewers: 0, totalViewers: 0 } });
    store.apply({ kind: "counts", streamId: "st_1", version: 3, viewerCount: 2, peakViewers: 2, totalViewers: 2 });
    expect(seen).toEqual(["snapshot:offline:0", "status:live:0", "counts:live:2"]);
    expect(store.get("st_1")?.broadcast?.peakViewers).toBe(2);
  });

  it("keeps a coalesced count that arrives after a newer status push", () => {
    // The server coalesces counts, so a count stamped v5 can arrive after a status stamped v6.
    const store = new StreamStore();
    store.applySnapshot(snapshot({ status: "live", version: 4, broadcast: { id: "bc_1", peakViewers: 1, totalViewers: 1 }, viewerCount: 1 }));
    expect(store.apply({ kind: "status", streamId: "st_1", version: 6, status: "reconnecting" })).toBe(true);
    expect(store.apply({ kind: "counts", streamId: "st_1", version: 5, viewerCount: 3, peakViewers: 3, totalViewers: 3 })).toBe(true);
    const view = store.get("st_1")!;
    expect(view.status).toBe("reconnecting");
    expect(view.viewerCount).toBe(3);
    // …but an older count than the last count applied is still dropped.
    expect(store.apply({ kind: "counts", streamId: "st_1", version: 5, viewerCount: 9, peakViewers: 9, totalViewers: 9 })).toBe(false);
    expect(store.get("st_1")!.viewerCount).toBe(3);
  });

  it("parks pushes that overtake the join's snapshot and replays the newer ones", () => {
    const store = new StreamStore();
    expect(store.apply({ kind: "status", streamId: "st_1", version: 12, status: "live" })).toBe(false);
    expect(store.apply({ kind: "status", streamId: "st_1", version: 9, status: "starting" })).toBe(false);
    store.applySnapshot(snapshot({ status: "starting", version: 11 }));
    expect(store.get("st_1")?.status).toBe("live");
    expect(store.get("st_1")?.version).toBe(12);
  });

  it("ignores a resync snapshot older than what it holds", () => {
    const store = new StreamStore();
    store.applySnapshot(snapshot({ status: "live", version: 20 }));
    expect(store.applySnapshot(snapshot({ status: "offline", version: 15 }))).toBe(false);
    expect(store.get("st_1")?.status).toBe("live");
  });

  it("resyncs from a newer snapshot after a reconnect (pushes were missed while away)", () => {
    const store = new StreamStore();
    store.applySnapshot(snapshot({ status: "live", version: 20, viewerCount: 4 }));
    store.applySnapshot(snapshot({ status: "offline", version: 31, viewerCount: 0, lastLiveEndTime: new Date(5) }));
    const view = store.get("st_1")!;
    expect(view.status).toBe("offline");
    expect(view.viewerCount).toBe(0);
    expect(view.lastLiveEndTime?.getTime()).toBe(5);
  });

  it("records when and why a broadcast ended", () => {
    const store = new StreamStore();
    store.applySnapshot(snapshot({ status: "live", version: 1, broadcast: { id: "bc_1", peakViewers: 0, totalViewers: 0 } }));
    store.apply({
      kind: "status",
      streamId: "st_1",
      version: 2,
      status: "offline",
      broadcast: { id: "bc_1", endTime: new Date(1000), endReason: "host-stopped", peakViewers: 3, totalViewers: 5 },
    });
    const view = store.get("st_1")!;
    expect(view.broadcast).toBeUndefined();
    expect(view.lastLiveEndTime?.getTime()).toBe(1000);
    expect(view.lastEndReason).toBe("host-stopped");
  });

  it("marks a deleted stream and applies nothing older afterwards", () => {
    const store = new StreamStore();
    store.applySnapshot(snapshot({ status: "live", version: 1 }));
    store.apply({ kind: "deleted", streamId: "st_1", version: 5 });
    expect(store.get("st_1")?.deleted).toBe(true);
    expect(store.apply({ kind: "status", streamId: "st_1", version: 4, status: "live" })).toBe(false);
  });
});
