// Fakes of the two Twilio SDK entry points for unit tests: they record what the media paths call
// and emit the SDKs' events (names and arguments as in twilio-video's and
// @twilio/live-player-sdk's type definitions) when a test says so.
import { create } from "@bufbuild/protobuf";
import type { Player as LivePlayer } from "@twilio/live-player-sdk";
import type { ConnectOptions, Room } from "twilio-video";
import { vi } from "vitest";
import { MediaConnectionSchema, MediaProvider, type MediaConnection } from "../../src/gen/livegrpc/v1/token_service_pb";
import type { LivePlayerSdk, TwilioSdks, VideoSdk } from "../../src/media/twilio/sdk";

type Listener = (...args: unknown[]) => void;

class Emitter {
  private readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

export class FakeRemoteTrack {
  readonly attach = vi.fn((element: unknown) => element);
  readonly detach = vi.fn((element: unknown) => element);
  constructor(readonly kind: "audio" | "video" | "data", readonly sid: string) {}
}

export class FakeParticipant {
  readonly tracks = new Map<string, { track: FakeRemoteTrack | null }>();
  constructor(readonly sid: string, readonly identity: string, published: FakeRemoteTrack[] = []) {
    for (const track of published) this.tracks.set(track.sid, { track });
  }
}

export class FakeRoom extends Emitter {
  readonly participants = new Map<string, FakeParticipant>();
  readonly localParticipant = {
    publishTrack: vi.fn(async (track: MediaStreamTrack) => ({ track })),
    unpublishTrack: vi.fn((track: MediaStreamTrack) => ({ track })),
    unpublishTracks: vi.fn((tracks: MediaStreamTrack[]) => tracks.map((track) => ({ track }))),
  };
  /** Like the SDK: disconnecting emits "disconnected" without an error. */
  readonly disconnect = vi.fn(() => {
    this.emit("disconnected", this, null);
    return this;
  });
  constructor(readonly name: string) {
    super();
  }

  /** A participant joins and its published tracks are subscribed, as the SDK reports them. */
  join(participant: FakeParticipant): void {
    this.participants.set(participant.sid, participant);
    this.emit("participantConnected", participant);
    for (const { track } of participant.tracks.values()) if (track) this.emit("trackSubscribed", track, { track }, participant);
  }

  leave(participant: FakeParticipant): void {
    for (const { track } of participant.tracks.values()) if (track) this.emit("trackUnsubscribed", track, { track }, participant);
    this.participants.delete(participant.sid);
    this.emit("participantDisconnected", participant);
  }
}

export interface ConnectCall {
  token: string;
  options: ConnectOptions;
}

/** twilio-video's connect, resolving with a new FakeRoom (set up by `prepare`), or rejecting with `failNextWith`'s error. */
export function fakeVideoSdk({ prepare }: { prepare?: (room: FakeRoom) => void } = {}) {
  const calls: ConnectCall[] = [];
  const rooms: FakeRoom[] = [];
  let failWith: unknown;
  let gate: Promise<void> | undefined;
  const sdk: VideoSdk = {
    connect: vi.fn(async (token: string, options: ConnectOptions) => {
      calls.push({ token, options });
      await gate;
      if (failWith) throw failWith;
      const room = new FakeRoom(options.name ?? "");
      prepare?.(room);
      rooms.push(room);
      return room as unknown as Room;
    }),
  };
  return {
    sdk,
    calls,
    rooms,
    lastRoom: () => rooms.at(-1)!,
    failNextWith(error: unknown) {
      failWith = error;
    },
    /** Holds connects until the returned function is called. */
    holdConnects(): () => void {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

export class FakeLivePlayer extends Emitter {
  state: `${LivePlayer.State}` = "idle";
  isMuted = false;
  readonly attach = vi.fn();
  readonly play = vi.fn();
  readonly disconnect = vi.fn();

  /** Moves to `state` and emits Player.Event.StateChanged, as the SDK does. */
  become(state: `${LivePlayer.State}`): void {
    this.state = state;
    this.emit("stateChanged", state);
  }
}

/** @twilio/live-player-sdk's Player, with its State and Event values. */
export function fakeLivePlayerSdk({ isSupported = true } = {}) {
  const players: FakeLivePlayer[] = [];
  const connect = vi.fn(async (_token: string, _options: LivePlayer.Options) => {
    const player = new FakeLivePlayer();
    players.push(player);
    return player as unknown as LivePlayer;
  });
  const sdk = {
    Player: {
      connect,
      isSupported,
      State: { Buffering: "buffering", Ended: "ended", Idle: "idle", Playing: "playing", Ready: "ready" },
      Event: { StateChanged: "stateChanged", Error: "error" },
    },
  } as unknown as LivePlayerSdk;
  return { sdk, connect, players, lastPlayer: () => players.at(-1)! };
}

export function sdksOf(video: VideoSdk, livePlayer?: LivePlayerSdk): TwilioSdks {
  return {
    video: async () => video,
    livePlayer: async () => {
      if (!livePlayer) throw new Error("no live player in this test");
      return livePlayer;
    },
  };
}

/** A MediaConnectionSource that hands out numbered tokens, as the server issues a new one per request. */
export function issuedConnections(make: (n: number) => MediaConnection) {
  const issued: MediaConnection[] = [];
  const source = vi.fn(async () => {
    const connection = make(issued.length + 1);
    issued.push(connection);
    return connection;
  });
  return { source, issued };
}

export const roomConnection = (n: number) =>
  create(MediaConnectionSchema, {
    provider: MediaProvider.TWILIO_ROOM,
    details: { case: "twilioRoom", value: { roomName: "livegrpc-st_abc", accessToken: `video-token-${n}` } },
  });

export const liveViewerConnection = (n: number) =>
  create(MediaConnectionSchema, {
    provider: MediaProvider.TWILIO_LIVE,
    details: { case: "twilioLive", value: { accessToken: `player-token-${n}`, playerStreamerId: "VJ0123" } },
  });

export function fakeTrack(kind: "audio" | "video", id: string): MediaStreamTrack {
  return { kind, id } as MediaStreamTrack;
}

export function fakeStream(...tracks: MediaStreamTrack[]): MediaStream {
  return {
    getVideoTracks: () => tracks.filter((track) => track.kind === "video"),
    getAudioTracks: () => tracks.filter((track) => track.kind === "audio"),
  } as unknown as MediaStream;
}

export function fakeVideoElement() {
  return { muted: true, play: vi.fn(async () => {}) } as unknown as HTMLVideoElement & { play: ReturnType<typeof vi.fn> };
}

/** Lets queued promise callbacks run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
