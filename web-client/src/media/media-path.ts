import type { MediaConnection } from "../gen/livegrpc/v1/token_service_pb";
import type { HostSignalling, ViewerSignalling } from "./local/signalling";

/**
 * One media path per provider, behind these few methods. The token response's
 * MediaConnection.provider picks the path (see ./select.ts); pages never branch on it.
 */
export interface MediaPath {
  /** Human-readable name, for messages. */
  readonly name: string;
  /** The host side: sends the chosen source to the audience. */
  publish(context: PublishContext): Publisher;
  /** The viewer side: receives only. */
  play(context: PlayContext): Player;
}

/**
 * Asks the server for a new token and returns its MediaConnection. Paths that join a media
 * session of their own (Twilio) call it each time they connect: an access token names one room
 * or one PlayerStreamer and expires, so the one the page started with may belong to an earlier
 * broadcast.
 */
export type MediaConnectionSource = () => Promise<MediaConnection | undefined>;

export interface PublishContext {
  /** The hub's signalling surface for the host (used by the Local path). */
  signalling: HostSignalling;
  mediaConnection: MediaConnectionSource;
}

export interface PlayContext {
  signalling: ViewerSignalling;
  mediaConnection: MediaConnectionSource;
}

/** What a publisher's own media session is doing; the Local path's media rides on the hub and reports nothing. */
export type PublisherConnection =
  | { state: "connected" }
  | { state: "reconnecting" }
  /** The media session was ended by the server (the broadcast stopped): nothing to retry. */
  | { state: "ended" }
  /** The media session was lost for good; the message says why. */
  | { state: "failed"; message: string };

export interface Publisher {
  /**
   * Sends these tracks from now on, to current and future viewers. The first call may connect
   * (and rejects with a MediaConnectError if that fails); later calls switch tracks in place.
   */
  setSource(source: MediaStream | null): Promise<void>;
  /** Viewers whose media connection is established. */
  readonly connectedViewers: number;
  /** Called whenever connectedViewers changes. */
  onViewersChanged?: (connected: number) => void;
  onConnectionChanged?: (connection: PublisherConnection) => void;
  close(): void;
}

/**
 * idle: not receiving (closed, or the stream is off air); connecting: joining, or joined with
 * nothing to show yet; playing: the host's media is in the element; host-away: joined, but the
 * host's side of the session left; ended: the media session ended (Twilio Live's Ended, a
 * completed room); failed: the connection was lost (the page retries while the host is live).
 */
export type PlayerState = "idle" | "connecting" | "playing" | "host-away" | "ended" | "failed";

export interface Player {
  /** Plays into the page's element. The page keeps the element, its muted start and click-to-unmute. */
  attach(video: HTMLVideoElement): void;
  readonly state: PlayerState;
  onStateChanged?: (state: PlayerState) => void;
  /**
   * The server's word on whether the host is on air. A path with its own media session joins it
   * only while on air (a room or player stream exists only then); Local waits for the host's
   * offer either way.
   */
  setOnAir(onAir: boolean): void;
  /** Unmutes after the viewer's click (autoplay rules start muted). */
  unmute(): void;
  /** Ask for media again (the host came back, or the connection failed). */
  reconnect(): void;
  close(): void;
}

/** A provider this build has no player or publisher for. Its message is shown to the user. */
export class MediaPathUnavailableError extends Error {
  constructor(public readonly provider: string, detail: string) {
    super(`${provider} media is not available in this build. ${detail}`);
    this.name = "MediaPathUnavailableError";
  }
}

/** Joining the media session failed; the message says why in words a person can act on. */
export class MediaConnectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MediaConnectError";
  }
}
