import { describe, expect, it } from "vitest";
import type { PlayerState } from "../../src/media/media-path";
import { livePlayerAssetsUrl } from "../../src/media/twilio/live-player-assets";
import { TwilioLivePlayer } from "../../src/media/twilio/live-player";
import { fakeLivePlayerSdk, fakeVideoElement, fakeVideoSdk, issuedConnections, liveViewerConnection, sdksOf, settle } from "./fakes";

const wasmAssetsUrl = livePlayerAssetsUrl("https://live.example.org");

function setup(options: { isSupported?: boolean } = {}) {
  const live = fakeLivePlayerSdk(options);
  const connections = issuedConnections(liveViewerConnection);
  const logged: string[] = [];
  const player = new TwilioLivePlayer(sdksOf(fakeVideoSdk().sdk, live.sdk), connections.source, wasmAssetsUrl, (message) => logged.push(message));
  const states: PlayerState[] = [];
  player.onStateChanged = (state) => states.push(state);
  const element = fakeVideoElement();
  player.attach(element);
  return { live, connections, player, states, element, logged };
}

async function onAir(s: ReturnType<typeof setup>) {
  s.player.setOnAir(true);
  await settle();
  return s.live.lastPlayer();
}

describe("Twilio Live viewer", () => {
  it("serves the player's wasm worker from this origin's assets folder", () => {
    expect(wasmAssetsUrl).toBe("https://live.example.org/assets/twilio-live-player");
  });

  it("connects only while on air, with exactly the Player token issued and our wasm assets path, into the page's element, muted", async () => {
    const s = setup();
    await settle();
    expect(s.live.connect).not.toHaveBeenCalled();

    const player = await onAir(s);
    expect(s.live.connect.mock.calls).toEqual([["player-token-1", { playerWasmAssetsPath: "https://live.example.org/assets/twilio-live-player" }]]);
    expect(player.attach).toHaveBeenCalledWith(s.element);
    expect(player.isMuted).toBe(true);
    expect(s.player.state).toBe("connecting");
  });

  it("plays once Ready and shows the picture while Playing; a rebuffer keeps it", async () => {
    const s = setup();
    const player = await onAir(s);
    player.become("ready");
    expect(player.play).toHaveBeenCalledTimes(1);
    player.become("buffering");
    expect(s.player.state).toBe("connecting");
    player.become("playing");
    expect(s.player.state).toBe("playing");
    player.become("buffering");
    expect(s.player.state).toBe("playing");
  });

  it("shows the picture when the player reports Playing from inside play()", async () => {
    const s = setup();
    const player = await onAir(s);
    player.play.mockImplementation(() => player.become("playing"));
    player.become("ready");
    expect(s.player.state).toBe("playing");
  });

  it("shows Ended as ended, and a new broadcast gets a new Player with a new token", async () => {
    const s = setup();
    const first = await onAir(s);
    first.become("ready");
    first.become("playing");
    first.become("ended");
    expect(s.player.state).toBe("ended");
    expect(s.states).toEqual(["connecting", "playing", "ended"]);

    s.player.setOnAir(false);
    s.player.setOnAir(true);
    await settle();
    expect(s.live.connect.mock.calls.map(([token]) => token)).toEqual(["player-token-1", "player-token-2"]);
  });

  it("treats Ended after a playback error as a failure, which the page retries with a fresh token", async () => {
    const s = setup();
    const player = await onAir(s);
    player.emit("error", Object.assign(new Error("There is no source for the Player to play"), { code: 56010 }));
    player.become("ended");
    expect(s.player.state).toBe("failed");
    expect(s.logged.at(-1)).toMatch(/56010/);

    s.player.reconnect();
    await settle();
    expect(s.live.connect.mock.calls.map(([token]) => token)).toEqual(["player-token-1", "player-token-2"]);
  });

  it("unmutes through the SDK on the viewer's click", async () => {
    const s = setup();
    const player = await onAir(s);
    s.player.unmute();
    expect(player.isMuted).toBe(false);
    expect(s.element.play).toHaveBeenCalled();
  });

  it("disconnects the Player when the stream goes off air and ignores its later events", async () => {
    const s = setup();
    const player = await onAir(s);
    s.player.setOnAir(false);
    expect(player.disconnect).toHaveBeenCalledTimes(1);
    expect(s.player.state).toBe("idle");
    player.become("playing");
    expect(s.player.state).toBe("idle");
  });

  it("fails with a clear message in a browser the SDK does not support", async () => {
    const s = setup({ isSupported: false });
    s.player.setOnAir(true);
    await settle();
    expect(s.live.connect).not.toHaveBeenCalled();
    expect(s.player.state).toBe("failed");
    expect(s.logged.at(-1)).toMatch(/needs WebAssembly/);
  });
});
