import type { RemoteAudioTrack, RemoteParticipant, RemoteTrack, RemoteVideoTrack, Room, TwilioError } from "twilio-video";
import type { MediaConnectionSource, Player, PlayerState } from "../media-path";
import { resumePlayback, unmuteElement } from "../playback";
import { roomAccess } from "./connection";
import type { TwilioSdks } from "./sdk";
import { describeTwilioError, isRoomCompleted } from "./twilio-errors";

type MediaTrack = RemoteAudioTrack | RemoteVideoTrack;

function isMediaTrack(track: RemoteTrack): track is MediaTrack {
  return track.kind === "audio" || track.kind === "video";
}

/**
 * A viewer inside the Twilio room, subscribe-only: it joins with no tracks (and tells the SDK
 * not to open a camera or microphone), subscribes to what the host publishes and attaches it to
 * the page's element. Only the host publishes in a stream's room (the server removes a viewer
 * that tries), so "the host" is whoever's tracks arrive. It joins only while the stream is on
 * air and leaves when it is not; each join asks the server for a fresh token.
 */
export class TwilioRoomPlayer implements Player {
  private room: Room | null = null;
  private video: HTMLVideoElement | null = null;
  private readonly shown = new Set<MediaTrack>();
  private hostSid: string | null = null;
  private hostAway = false;
  private onAir = false;
  private closed = false;
  /** Bumped on every join and leave, so a join that finishes after a newer one (or a leave) is dropped. */
  private attempt = 0;
  private current: PlayerState = "idle";
  onStateChanged?: (state: PlayerState) => void;

  constructor(
    private readonly sdks: TwilioSdks,
    private readonly mediaConnection: MediaConnectionSource,
    private readonly log: (message: string) => void = () => {},
  ) {}

  get state(): PlayerState {
    return this.current;
  }

  attach(video: HTMLVideoElement): void {
    this.video = video;
    for (const track of this.shown) track.attach(video);
  }

  setOnAir(onAir: boolean): void {
    if (this.closed || onAir === this.onAir) return;
    this.onAir = onAir;
    if (onAir) void this.join();
    else this.leave("idle");
  }

  unmute(): void {
    if (this.video) unmuteElement(this.video);
  }

  reconnect(): void {
    if (this.closed || !this.onAir) return;
    this.leave("connecting");
    void this.join();
  }

  close(): void {
    this.closed = true;
    this.leave("idle");
  }

  private async join(): Promise<void> {
    const attempt = ++this.attempt;
    this.setState("connecting");
    try {
      const { roomName, accessToken } = roomAccess(await this.mediaConnection());
      const video = await this.sdks.video();
      if (attempt !== this.attempt) return;
      const room = await video.connect(accessToken, {
        name: roomName,
        // Watch only: publish nothing, and never let the SDK acquire a camera or microphone.
        tracks: [],
        audio: false,
        video: false,
        automaticSubscription: true,
      });
      if (attempt !== this.attempt) {
        room.disconnect();
        return;
      }
      this.room = room;
      this.listen(room);
      for (const participant of room.participants.values()) {
        for (const publication of participant.tracks.values()) if (publication.track) this.show(publication.track, participant);
      }
      this.updateState();
    } catch (error) {
      if (attempt !== this.attempt) return;
      this.log(describeTwilioError(error, "Could not join the Twilio room"));
      this.setState("failed");
    }
  }

  private listen(room: Room): void {
    const mine = () => this.room === room;
    room.on("trackSubscribed", (track: RemoteTrack, _publication: unknown, participant: RemoteParticipant) => {
      if (mine()) this.show(track, participant);
    });
    room.on("trackUnsubscribed", (track: RemoteTrack) => {
      if (mine()) this.hide(track);
    });
    room.on("participantDisconnected", (participant: RemoteParticipant) => {
      if (!mine() || participant.sid !== this.hostSid) return;
      this.hostAway = true;
      for (const track of [...this.shown]) this.hide(track);
      this.updateState();
    });
    room.on("reconnecting", () => mine() && this.setState("connecting"));
    room.on("reconnected", () => mine() && this.updateState());
    room.on("disconnected", (_room: Room, error: TwilioError) => {
      if (!mine()) return;
      this.room = null;
      this.hideAll();
      if (!error || isRoomCompleted(error)) {
        this.setState("ended");
      } else {
        this.log(describeTwilioError(error, "Lost the connection to the Twilio room"));
        this.setState("failed");
      }
    });
  }

  private show(track: RemoteTrack, participant: RemoteParticipant): void {
    if (!isMediaTrack(track)) return;
    this.hostSid = participant.sid;
    this.hostAway = false;
    this.shown.add(track);
    if (this.video) {
      track.attach(this.video);
      resumePlayback(this.video);
    }
    this.updateState();
  }

  private hide(track: RemoteTrack): void {
    if (!isMediaTrack(track) || !this.shown.delete(track)) return;
    if (this.video) track.detach(this.video);
    this.updateState();
  }

  private hideAll(): void {
    for (const track of this.shown) if (this.video) track.detach(this.video);
    this.shown.clear();
  }

  private leave(state: PlayerState): void {
    this.attempt++;
    const room = this.room;
    this.room = null;
    this.hideAll();
    this.hostSid = null;
    this.hostAway = false;
    room?.disconnect();
    this.setState(state);
  }

  private updateState(): void {
    if (!this.room) return;
    this.setState(this.shown.size > 0 ? "playing" : this.hostAway ? "host-away" : "connecting");
  }

  private setState(state: PlayerState): void {
    if (state === this.current) return;
    this.current = state;
    this.onStateChanged?.(state);
  }
}
