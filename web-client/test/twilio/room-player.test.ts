import { describe, expect, it } from "vitest";
import type { PlayerState } from "../../src/media/media-path";
import { TwilioRoomPlayer } from "../../src/media/twilio/room-player";
import { FakeParticipant, FakeRemoteTrack, FakeRoom, fakeVideoElement, fakeVideoSdk, issuedConnections, roomConnection, sdksOf, settle } from "./fakes";

function setup(prepare?: (room: FakeRoom) => void) {
  const video = fakeVideoSdk({ prepare });
  const connections = issuedConnections(roomConnection);
  const logged: string[] = [];
  const player = new TwilioRoomPlayer(sdksOf(video.sdk), connections.source, (message) => logged.push(message));
  const states: PlayerState[] = [];
  player.onStateChanged = (state) => states.push(state);
  const element = fakeVideoElement();
  player.attach(element);
  return { video, connections, player, states, element, logged };
}

function host() {
  const camera = new FakeRemoteTrack("video", "MT-camera");
  const microphone = new FakeRemoteTrack("audio", "MT-mic");
  return { participant: new FakeParticipant("PA-host", "host-st_abc", [camera, microphone]), camera, microphone };
}

async function onAir(setupResult: ReturnType<typeof setup>) {
  setupResult.player.setOnAir(true);
  await settle();
  return setupResult.video.lastRoom();
}

describe("Twilio room viewer (subscribe-only)", () => {
  it("joins only while the stream is on air, with exactly the room and token issued, publishing nothing", async () => {
    const s = setup();
    await settle();
    expect(s.video.calls).toHaveLength(0);

    await onAir(s);
    expect(s.video.calls).toEqual([
      { token: "video-token-1", options: { name: "livegrpc-st_abc", tracks: [], audio: false, video: false, automaticSubscription: true } },
    ]);
    expect(s.states).toEqual(["connecting"]);
  });

  it("attaches the tracks the host already publishes and those subscribed later, and starts muted playback", async () => {
    const s = setup();
    const { participant, camera, microphone } = host();
    const room = await onAir(s);
    expect(s.player.state).toBe("connecting");

    room.join(participant);
    expect(camera.attach).toHaveBeenCalledWith(s.element);
    expect(microphone.attach).toHaveBeenCalledWith(s.element);
    expect(s.element.play).toHaveBeenCalled();
    expect(s.element.muted).toBe(true);
    expect(s.player.state).toBe("playing");

    // A viewer joining later finds the host's tracks already subscribed in the room.
    const inRoom = host();
    const late = setup((lateRoom) => lateRoom.participants.set(inRoom.participant.sid, inRoom.participant));
    await onAir(late);
    expect(inRoom.camera.attach).toHaveBeenCalledWith(late.element);
    expect(inRoom.microphone.attach).toHaveBeenCalledWith(late.element);
    expect(late.player.state).toBe("playing");
  });

  it("loses the picture when the host's track is unsubscribed and gets it back when it is subscribed again", async () => {
    const s = setup();
    const room = await onAir(s);
    const { participant, camera, microphone } = host();
    room.join(participant);

    room.emit("trackUnsubscribed", camera, { track: camera }, participant);
    room.emit("trackUnsubscribed", microphone, { track: microphone }, participant);
    expect(camera.detach).toHaveBeenCalledWith(s.element);
    expect(microphone.detach).toHaveBeenCalledWith(s.element);
    expect(s.player.state).toBe("connecting");

    const screen = new FakeRemoteTrack("video", "MT-screen");
    room.emit("trackSubscribed", screen, { track: screen }, participant);
    expect(screen.attach).toHaveBeenCalledWith(s.element);
    expect(s.player.state).toBe("playing");
  });

  it("says the host is away when the host leaves the room, not when another viewer does", async () => {
    const s = setup();
    const room = await onAir(s);
    const { participant, camera } = host();
    room.join(participant);

    const otherViewer = new FakeParticipant("PA-viewer", "viewer-1");
    room.join(otherViewer);
    room.leave(otherViewer);
    expect(s.player.state).toBe("playing");

    // The SDK may report the participant gone before (or without) unsubscribing its tracks.
    room.participants.delete(participant.sid);
    room.emit("participantDisconnected", participant);
    expect(camera.detach).toHaveBeenCalledWith(s.element);
    expect(s.player.state).toBe("host-away");

    room.join(host().participant);
    expect(s.player.state).toBe("playing");
    expect(s.states).toEqual(["connecting", "playing", "host-away", "playing"]);
  });

  it("shows ended when the room completes, and joins again with a new token when the stream goes on air again", async () => {
    const s = setup();
    const room = await onAir(s);
    room.join(host().participant);
    room.emit("disconnected", room, Object.assign(new Error("Room completed"), { code: 53118 }));
    expect(s.player.state).toBe("ended");

    s.player.setOnAir(false);
    expect(s.player.state).toBe("idle");
    s.player.setOnAir(true);
    await settle();
    expect(s.video.calls.map((call) => call.token)).toEqual(["video-token-1", "video-token-2"]);
  });

  it("fails on a lost connection and reconnects with a fresh token when asked", async () => {
    const s = setup();
    const room = await onAir(s);
    room.emit("disconnected", room, Object.assign(new Error("Signaling connection disconnected"), { code: 53001 }));
    expect(s.player.state).toBe("failed");
    expect(s.logged.at(-1)).toMatch(/53001/);

    s.player.reconnect();
    await settle();
    expect(s.video.calls.map((call) => call.token)).toEqual(["video-token-1", "video-token-2"]);
    expect(s.player.state).toBe("connecting");
  });

  it("fails when the room cannot be joined", async () => {
    const s = setup();
    s.video.failNextWith(Object.assign(new Error("Room not found"), { code: 53106 }));
    s.player.setOnAir(true);
    await settle();
    expect(s.player.state).toBe("failed");
  });

  it("leaves the room when the stream goes off air or the page closes", async () => {
    const s = setup();
    const room = await onAir(s);
    const { participant, camera } = host();
    room.join(participant);
    s.player.setOnAir(false);
    expect(room.disconnect).toHaveBeenCalledTimes(1);
    expect(camera.detach).toHaveBeenCalledWith(s.element);
    expect(s.player.state).toBe("idle");

    const next = await onAir(s);
    s.player.close();
    expect(next.disconnect).toHaveBeenCalledTimes(1);
    s.player.setOnAir(true);
    await settle();
    expect(s.video.calls).toHaveLength(2);
  });

  it("unmutes the element on the viewer's click", async () => {
    const s = setup();
    s.player.unmute();
    expect(s.element.muted).toBe(false);
    expect(s.element.play).toHaveBeenCalled();
  });
});
