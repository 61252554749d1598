import { create } from "@bufbuild/protobuf";
import { describe, expect, it, vi } from "vitest";
import { MediaConnectionSchema, MediaProvider } from "../../src/gen/livegrpc/v1/token_service_pb";
import { MediaConnectError, type PublisherConnection } from "../../src/media/media-path";
import { TwilioRoomPublisher } from "../../src/media/twilio/room-publisher";
import { fakeStream, fakeTrack, fakeVideoSdk, issuedConnections, roomConnection, sdksOf, settle } from "./fakes";

function setup(make = roomConnection) {
  const video = fakeVideoSdk();
  const connections = issuedConnections(make);
  const publisher = new TwilioRoomPublisher(sdksOf(video.sdk), connections.source);
  const changes: PublisherConnection[] = [];
  publisher.onConnectionChanged = (change) => changes.push(change);
  return { video, connections, publisher, changes };
}

const camera = fakeTrack("video", "camera-1");
const screen = fakeTrack("video", "screen-1");
const microphone = fakeTrack("audio", "mic-1");
const otherMicrophone = fakeTrack("audio", "mic-2");

describe("Twilio room publisher (host)", () => {
  it("connects with exactly the room and token the server just issued and publishes camera and microphone", async () => {
    const { video, connections, publisher } = setup();
    await publisher.setSource(fakeStream(camera, microphone));

    expect(connections.source).toHaveBeenCalledTimes(1);
    expect(video.calls).toEqual([
      {
        token: "video-token-1",
        options: { name: "livegrpc-st_abc", tracks: [camera, microphone], audio: false, video: false, automaticSubscription: false },
      },
    ]);
  });

  it("publishes into the room named by Live details too (a Live host composes the same room)", async () => {
    const { video, publisher } = setup((n) =>
      create(MediaConnectionSchema, {
        provider: MediaProvider.TWILIO_LIVE,
        details: { case: "twilioLive", value: { roomName: "livegrpc-live", accessToken: `host-token-${n}`, playerStreamerId: "VJ1" } },
      }),
    );
    await publisher.setSource(fakeStream(camera));
    expect(video.calls[0]).toMatchObject({ token: "host-token-1", options: { name: "livegrpc-live", tracks: [camera] } });
  });

  it("switches camera to screen while live: the old video track is unpublished and the new one published, audio untouched", async () => {
    const { video, publisher } = setup();
    await publisher.setSource(fakeStream(camera, microphone));
    const { localParticipant } = video.lastRoom();

    await publisher.setSource(fakeStream(screen, microphone));
    expect(localParticipant.unpublishTrack.mock.calls).toEqual([[camera]]);
    expect(localParticipant.publishTrack.mock.calls).toEqual([[screen]]);

    await publisher.setSource(fakeStream(screen, otherMicrophone));
    expect(localParticipant.unpublishTrack.mock.calls.at(-1)).toEqual([microphone]);
    expect(localParticipant.publishTrack.mock.calls.at(-1)).toEqual([otherMicrophone]);

    // "No video": the screen is unpublished and nothing takes its place.
    await publisher.setSource(fakeStream(otherMicrophone));
    expect(localParticipant.unpublishTrack.mock.calls.at(-1)).toEqual([screen]);
    expect(localParticipant.publishTrack).toHaveBeenCalledTimes(2);
    expect(video.calls).toHaveLength(1);
  });

  it("applies a switch made while still connecting after the connect, in order", async () => {
    const { video, publisher } = setup();
    const release = video.holdConnects();
    const connecting = publisher.setSource(fakeStream(camera, microphone));
    const switching = publisher.setSource(fakeStream(screen, microphone));
    await settle();
    release();
    await Promise.all([connecting, switching]);
    expect(video.calls[0].options.tracks).toEqual([camera, microphone]);
    expect(video.lastRoom().localParticipant.unpublishTrack.mock.calls).toEqual([[camera]]);
    expect(video.lastRoom().localParticipant.publishTrack.mock.calls).toEqual([[screen]]);
  });

  it("rejects with a readable MediaConnectError when Twilio refuses the connection", async () => {
    const { video, publisher } = setup();
    video.failNextWith(Object.assign(new Error("Access Token expired or expiration date invalid"), { code: 20104 }));
    const failure = publisher.setSource(fakeStream(camera));
    await expect(failure).rejects.toBeInstanceOf(MediaConnectError);
    await expect(failure).rejects.toThrow(/Twilio refused the access token \(20104/);
  });

  it("refuses to connect when the server sent no Twilio room", async () => {
    const { video, publisher } = setup((n) => create(MediaConnectionSchema, { provider: MediaProvider.TWILIO_ROOM, details: { case: "twilioRoom", value: { accessToken: `t${n}` } } }));
    await expect(publisher.setSource(fakeStream(camera))).rejects.toThrow(/no Twilio room and access token/);
    expect(video.calls).toHaveLength(0);
  });

  it("reports reconnecting and reconnected, a completed room as ended, and a lost room as failed", async () => {
    const { video, publisher, changes } = setup();
    await publisher.setSource(fakeStream(camera));
    const room = video.lastRoom();
    room.emit("reconnecting", Object.assign(new Error("Media connection failed"), { code: 53405 }));
    room.emit("reconnected");
    room.emit("disconnected", room, Object.assign(new Error("Room completed"), { code: 53118 }));
    expect(changes).toEqual([{ state: "reconnecting" }, { state: "connected" }, { state: "ended" }]);

    const second = setup();
    await second.publisher.setSource(fakeStream(camera));
    const lost = second.video.lastRoom();
    lost.emit("disconnected", lost, Object.assign(new Error("Signaling connection disconnected"), { code: 53001 }));
    expect(second.changes).toEqual([{ state: "failed", message: expect.stringMatching(/Lost the connection to the Twilio room: Signaling connection disconnected \(Twilio error 53001\)/) }]);
  });

  it("on close unpublishes its tracks and leaves the room, without reporting its own disconnect", async () => {
    const { video, publisher, changes } = setup();
    await publisher.setSource(fakeStream(camera, microphone));
    const room = video.lastRoom();
    publisher.close();
    expect(room.localParticipant.unpublishTracks).toHaveBeenCalledWith([camera, microphone]);
    expect(room.disconnect).toHaveBeenCalledTimes(1);
    expect(changes).toEqual([]);
    // Nothing is published after close.
    await publisher.setSource(fakeStream(screen));
    expect(room.localParticipant.publishTrack).not.toHaveBeenCalled();
  });

  it("leaves a room that finishes connecting after close", async () => {
    const { video, publisher } = setup();
    const release = video.holdConnects();
    const connecting = publisher.setSource(fakeStream(camera));
    await settle();
    publisher.close();
    release();
    await connecting;
    expect(video.lastRoom().disconnect).toHaveBeenCalledTimes(1);
  });

  it("counts the other participants in the room", async () => {
    const { video, publisher } = setup();
    const counts = vi.fn();
    publisher.onViewersChanged = counts;
    await publisher.setSource(fakeStream(camera));
    const room = video.lastRoom();
    room.participants.set("PA1", { sid: "PA1" } as never);
    room.emit("participantConnected", { sid: "PA1" });
    expect(publisher.connectedViewers).toBe(1);
    expect(counts).toHaveBeenLastCalledWith(1);
  });
});
