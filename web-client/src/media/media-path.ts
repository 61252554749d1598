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

export interface PublishContext {
  /** The hub's signalling surface for the host (used by the Local path). */
  signalling: HostSignalling;
}

export interface PlayContext {
  signalling: ViewerSignalling;
}

export interface Publisher {
  /** Sends these tracks from now on, to current and future viewers, without renegotiating. */
  setSource(source: MediaStream | null): Promise<void>;
  /** Viewers whose media connection is established. */
  readonly connectedViewers: number;
  /** Called whenever connectedViewers changes. */
  onViewersChanged?: (connected: number) => void;
  close(): void;
}

export type PlayerState = "idle" | "connecting" | "playing" | "failed";

export interface Player {
  /** Attach to a <video> element's srcObject; tracks are added and removed in place. */
  readonly stream: MediaStream;
  readonly state: PlayerState;
  onStateChanged?: (state: PlayerState) => void;
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
