import { HubConnectionState, type HubConnection } from "@microsoft/signalr";
import { describe, expect, it } from "vitest";
import type { StreamSnapshot } from "../src/live/hub-messages";
import { LiveHub } from "../src/live/live-hub";

/** Just enough of a SignalR HubConnection to drive LiveHub: records invocations, replays events. */
class FakeConnection {
  state = HubConnectionState.Disconnected;
  invocations: Array<{ method: string; args: any }> = [];
  handlers = new Map<string, (push: any) => void>();
  reconnecting?: () => void;
  reconnected?: () => void;
  answers: Record<string, (args: any) => any> = {};

  on(name: string, handler: (push: any) => void) {
    this.handlers.set(name, handler);
  }
  onreconnecting(callback: () => void) {
    this.reconnecting = callback;
  }
  onreconnected(callback: () => void) {
    this.reconnected = callback;
  }
  onclose() {}
  async start() {
    this.state = HubConnectionState.Connected;
  }
  async stop() {
    this.state = HubConnectionState.Disconnected;
  }
  async invoke(method: string, args: any) {
    this.invocations.push({ method, args });
    const answer = this.answers[method];
    return answer ? answer(args) : undefined;
  }
  push(name: string, payload: any) {
    this.handlers.get(name)!(payload);
  }
  dropAndReconnect() {
    this.state = HubConnectionState.Reconnecting;
    this.reconnecting?.();
    this.state = HubConnectionState.Connected;
    this.reconnected?.();
  }
}

function snapshot(status: string, version: number, viewerCount = 0): StreamSnapshot {
  return { streamId: "st_1", title: "T", description: "", visibility: "PUBLIC", status, version, viewerCount, broadcast: null, updateTime: "2026-11-22T00:00:00Z" };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function setUp() {
  const fake = new FakeConnection();
  const hub = new LiveHub({ connection: fake as unknown as HubConnection });
  return { fake, hub };
}

describe("LiveHub reconnect handling", () => {
  it("joins again after a reconnect with a fresh token and resyncs from the snapshot", async () => {
    const { fake, hub } = setUp();
    let serverSnapshot = snapshot("LIVE", 5, 1);
    fake.answers.Watch = () => ({ stream: serverSnapshot, peerId: "p1", hostPeerId: "h1" });
    let issued = 0;
    const joined: string[] = [];
    await hub.watch({ streamId: "st_1", token: async () => `token-${++issued}`, sessionId: "s1", receiveMedia: true, onJoined: (r) => joined.push(r.peerId!), onRejoinFailed: () => {} });
    expect(hub.store.get("st_1")).toMatchObject({ status: "live", viewerCount: 1 });

    const states: string[] = [];
    hub.onState((state) => states.push(state));
    // While away, the broadcast ended and the count changed; the pushes were missed.
    serverSnapshot = snapshot("OFFLINE", 9, 0);
    fake.answers.Watch = () => ({ stream: serverSnapshot, peerId: "p2", hostPeerId: null });
    fake.dropAndReconnect();
    await tick();

    const watches = fake.invocations.filter((call) => call.method === "Watch");
    expect(watches.map((call) => call.args.token)).toEqual(["token-1", "token-2"]);
    expect(watches.every((call) => call.args.sessionId === "s1")).toBe(true); // same session: not counted twice
    expect(states).toEqual(["reconnecting", "connected"]);
    expect(joined).toEqual(["p1", "p2"]);
    expect(hub.store.get("st_1")).toMatchObject({ status: "offline", viewerCount: 0, version: 9 });
  });

  it("drops a push older than the resync snapshot", async () => {
    const { fake, hub } = setUp();
    fake.answers.Watch = () => ({ stream: snapshot("LIVE", 10), peerId: null, hostPeerId: null });
    await hub.watch({ streamId: "st_1", token: async () => "t", sessionId: "s", receiveMedia: false, onJoined: () => {}, onRejoinFailed: () => {} });
    fake.push("StatusChanged", { streamId: "st_1", version: 8, time: "2026-11-22T00:00:00Z", status: "OFFLINE", broadcast: null });
    expect(hub.store.get("st_1")?.status).toBe("live");
    fake.push("StatusChanged", { streamId: "st_1", version: 11, time: "2026-11-22T00:00:00Z", status: "RECONNECTING", broadcast: null });
    expect(hub.store.get("st_1")?.status).toBe("reconnecting");
  });

  it("re-follows followed streams and rejoins as host after a reconnect", async () => {
    const { fake, hub } = setUp();
    fake.answers.Follow = (args) => ({ streams: args.streamIds.map((id: string) => ({ ...snapshot("OFFLINE", 1), streamId: id })), unavailable: [] });
    fake.answers.Host = () => ({ stream: { ...snapshot("LIVE", 3), streamId: "st_h" }, peerId: "host", viewers: [{ peerId: "v1" }] });
    await hub.follow(["st_a", "st_b"]);
    const viewersSeen: string[][] = [];
    await hub.host({ streamId: "st_h", token: async () => "pub", sessionId: "hs", onJoined: (r) => viewersSeen.push(r.viewers.map((v) => v.peerId)), onRejoinFailed: () => {} });

    fake.dropAndReconnect();
    await tick();
    await tick();

    const follows = fake.invocations.filter((call) => call.method === "Follow");
    expect(follows).toHaveLength(2);
    expect(follows[1].args.streamIds.sort()).toEqual(["st_a", "st_b"]);
    expect(fake.invocations.filter((call) => call.method === "Host")).toHaveLength(2);
    expect(viewersSeen).toEqual([["v1"], ["v1"]]);
  });

  it("tells the page when rejoining fails (e.g. the mesh filled up while it was away)", async () => {
    const { fake, hub } = setUp();
    fake.answers.Watch = () => ({ stream: snapshot("LIVE", 2), peerId: "p", hostPeerId: "h" });
    const failures: unknown[] = [];
    await hub.watch({ streamId: "st_1", token: async () => "t", sessionId: "s", receiveMedia: true, onJoined: () => {}, onRejoinFailed: (error) => failures.push(error) });
    fake.answers.Watch = () => {
      throw new Error("HubException: stream_full: This stream is full.");
    };
    fake.dropAndReconnect();
    await tick();
    expect(failures).toHaveLength(1);
    // It is no longer a membership to restore: the page decides what to do next.
    fake.answers.Watch = () => ({ stream: snapshot("LIVE", 3), peerId: "p", hostPeerId: "h" });
    fake.dropAndReconnect();
    await tick();
    expect(fake.invocations.filter((call) => call.method === "Watch")).toHaveLength(2);
  });

  it("does not send a result back for pushes (SignalR would log an error)", () => {
    const { fake } = setUp();
    for (const name of ["StatusChanged", "ViewerCountChanged", "StreamUpdated", "StreamDeleted", "ViewerJoined", "ViewerLeft", "Signal"]) {
      const result = fake.handlers.get(name)!({ streamId: "st_x", version: 1, time: "2026-11-22T00:00:00Z", status: "LIVE", visibility: "PUBLIC", title: "T", description: "", peerId: "p", kind: "offer" });
      expect(result, name).toBeUndefined();
    }
  });
});
