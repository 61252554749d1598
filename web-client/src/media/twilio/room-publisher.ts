import type { LocalParticipant, RemoteParticipant, Room, TwilioError } from "twilio-video";
import { MediaConnectError, type MediaConnectionSource, type Publisher, type PublisherConnection } from "../media-path";
import { roomAccess } from "./connection";
import type { TwilioSdks } from "./sdk";
import { describeTwilioError, isRoomCompleted } from "./twilio-errors";

type Kind = "video" | "audio";

/**
 * The host's side of a Twilio room (both deliveries: Live composes the same room). The first
 * source connects with it as the published tracks; later sources switch a track by unpublishing
 * the old one and publishing the new one, which Twilio relays to every subscriber without the
 * viewers reconnecting. The tracks belong to the dashboard's SourceController (its preview and
 * device switching): closing unpublishes and disconnects, the dashboard stops the devices.
 */
export class TwilioRoomPublisher implements Publisher {
  private room: Room | null = null;
  private readonly published: Record<Kind, MediaStreamTrack | null> = { video: null, audio: null };
  /** setSource calls run one at a time, in order: a switch must not race the connect. */
  private queue: Promise<void> = Promise.resolve();
  private cancelConnect: (() => void) | undefined;
  private closed = false;
  onViewersChanged?: (connected: number) => void;
  onConnectionChanged?: (connection: PublisherConnection) => void;

  constructor(
    private readonly sdks: TwilioSdks,
    private readonly mediaConnection: MediaConnectionSource,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** Other participants in the room: the audience in Room delivery, the composer in Live. */
  get connectedViewers(): number {
    return this.room?.participants.size ?? 0;
  }

  setSource(source: MediaStream | null): Promise<void> {
    const next = this.queue.catch(() => {}).then(() => this.apply(source));
    this.queue = next;
    return next;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cancelConnect?.();
    const room = this.room;
    this.room = null;
    if (!room) return;
    const tracks = [this.published.video, this.published.audio].filter((track): track is MediaStreamTrack => track !== null);
    if (tracks.length) room.localParticipant.unpublishTracks(tracks);
    room.disconnect();
  }

  private async apply(source: MediaStream | null): Promise<void> {
    if (this.closed) return;
    const wanted: Record<Kind, MediaStreamTrack | null> = {
      video: source?.getVideoTracks()[0] ?? null,
      audio: source?.getAudioTracks()[0] ?? null,
    };
    if (!this.room) {
      await this.connect(wanted);
      return;
    }
    for (const kind of ["video", "audio"] as const) await this.switchTrack(this.room.localParticipant, kind, wanted[kind]);
  }

  private async connect(tracks: Record<Kind, MediaStreamTrack | null>): Promise<void> {
    const { roomName, accessToken } = roomAccess(await this.mediaConnection());
    let video;
    try {
      video = await this.sdks.video();
    } catch (error) {
      throw new MediaConnectError(describeTwilioError(error, "Could not load Twilio Video"));
    }
    if (this.closed) return;
    let room: Room;
    try {
      const connecting = video.connect(accessToken, {
        name: roomName,
        tracks: [tracks.video, tracks.audio].filter((track): track is MediaStreamTrack => track !== null),
        // The dashboard already holds the devices: the SDK must not open the camera or microphone again.
        audio: false,
        video: false,
        // The host only sends; nobody in the room publishes anything for it to receive.
        automaticSubscription: false,
      });
      this.cancelConnect = () => (connecting as Partial<{ cancel: () => void }>).cancel?.();
      room = await connecting;
    } catch (error) {
      if (this.closed) return;
      throw new MediaConnectError(describeTwilioError(error, "Could not connect to the Twilio room"));
    } finally {
      this.cancelConnect = undefined;
    }
    if (this.closed) {
      room.disconnect();
      return;
    }
    this.room = room;
    this.published.video = tracks.video;
    this.published.audio = tracks.audio;
    this.listen(room);
  }

  private async switchTrack(participant: LocalParticipant, kind: Kind, track: MediaStreamTrack | null): Promise<void> {
    const old = this.published[kind];
    if (old === track) return;
    if (old) participant.unpublishTrack(old);
    this.published[kind] = null;
    if (!track) return;
    try {
      await participant.publishTrack(track);
      this.published[kind] = track;
    } catch (error) {
      throw new MediaConnectError(describeTwilioError(error, `Could not send the new ${kind === "video" ? "video" : "microphone"} source`));
    }
  }

  private listen(room: Room): void {
    const viewersChanged = (_participant: RemoteParticipant) => this.onViewersChanged?.(this.connectedViewers);
    room.on("participantConnected", viewersChanged);
    room.on("participantDisconnected", viewersChanged);
    room.on("reconnecting", (error: TwilioError) => {
      this.log(`Twilio room connection interrupted, reconnecting: ${error?.message ?? ""}`);
      this.onConnectionChanged?.({ state: "reconnecting" });
    });
    room.on("reconnected", () => this.onConnectionChanged?.({ state: "connected" }));
    room.on("disconnected", (_room: Room, error: TwilioError) => {
      // close() disconnects on purpose and has already let go of the room.
      if (this.room !== room) return;
      this.room = null;
      if (!error || isRoomCompleted(error)) this.onConnectionChanged?.({ state: "ended" });
      else this.onConnectionChanged?.({ state: "failed", message: describeTwilioError(error, "Lost the connection to the Twilio room") });
    });
  }
}
