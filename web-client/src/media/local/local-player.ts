import type { Player, PlayerState } from "../media-path";
import { resumePlayback, unmuteElement } from "../playback";
import type { SignalMessage, ViewerSignalling } from "./signalling";

/**
 * The viewer's side of the local mesh: answers the host's offer with a receive-only connection.
 * It never adds a track, so it cannot publish. A new offer (the host went live again, or
 * restarted the connection) replaces the old connection; tracks are swapped inside one
 * MediaStream so the <video> element keeps its srcObject. It does not retry on its own: the
 * page knows whether the stream is still live and calls reconnect() when it should.
 */
export class LocalPlayer implements Player {
  readonly stream = new MediaStream();
  private pc: RTCPeerConnection | null = null;
  private queued: RTCIceCandidateInit[] = [];
  private readonly unsubscribe: () => void;
  private closed = false;
  private current: PlayerState = "idle";
  private video: HTMLVideoElement | null = null;
  onStateChanged?: (state: PlayerState) => void;

  constructor(
    private readonly signalling: ViewerSignalling,
    private readonly iceServers: RTCIceServer[],
    private readonly log: (message: string) => void = () => {},
  ) {
    this.unsubscribe = signalling.onSignal((message) => void this.onSignal(message));
  }

  get state(): PlayerState {
    return this.current;
  }

  attach(video: HTMLVideoElement): void {
    this.video = video;
    video.srcObject = this.stream;
    // Tracks arrive after the element has its stream: start playing as soon as there is a picture.
    this.stream.addEventListener("addtrack", () => resumePlayback(video));
  }

  /** The host's offer comes over the hub whenever it goes live: nothing to join or leave here. */
  setOnAir(): void {}

  unmute(): void {
    if (this.video) unmuteElement(this.video);
  }

  reconnect(): void {
    if (this.closed) return;
    if (this.current !== "playing") this.setState("connecting");
    void this.signalling.requestMedia().catch((error: Error) => this.log(`asking the host for media failed: ${error.message}`));
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    this.closePeer();
    this.setState("idle");
  }

  private async onSignal(message: SignalMessage): Promise<void> {
    if (this.closed) return;
    try {
      if (message.kind === "offer") {
        await this.answer(message.sdp);
      } else if (message.kind === "candidate" && this.pc) {
        if (this.pc.remoteDescription) await this.pc.addIceCandidate(message.candidate);
        else this.queued.push(message.candidate);
      }
    } catch (error) {
      this.log(`media negotiation failed: ${(error as Error).message}`);
      this.setState("failed");
    }
  }

  private async answer(sdp: string): Promise<void> {
    this.closePeer();
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    this.pc = pc;
    this.queued = [];
    this.setState("connecting");

    pc.ontrack = (event) => this.useTrack(event.track);
    pc.onicecandidate = (event) => {
      if (!event.candidate) return;
      void this.signalling.send({ kind: "candidate", candidate: event.candidate.toJSON() }).catch(() => {});
    };
    pc.onconnectionstatechange = () => {
      if (this.pc !== pc) return;
      if (pc.connectionState === "connected") this.setState("playing");
      else if (pc.connectionState === "failed") this.setState("failed");
      else if (pc.connectionState === "disconnected" || pc.connectionState === "closed") this.setState("connecting");
    };

    await pc.setRemoteDescription({ type: "offer", sdp });
    for (const candidate of this.queued.splice(0)) await pc.addIceCandidate(candidate);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    if (this.pc !== pc) return;
    await this.signalling.send({ kind: "answer", sdp: answer.sdp ?? "" });
  }

  private useTrack(track: MediaStreamTrack): void {
    for (const old of this.stream.getTracks()) {
      if (old.kind === track.kind && old !== track) this.stream.removeTrack(old);
    }
    if (!this.stream.getTracks().includes(track)) this.stream.addTrack(track);
  }

  private closePeer(): void {
    if (!this.pc) return;
    this.pc.ontrack = null;
    this.pc.onicecandidate = null;
    this.pc.onconnectionstatechange = null;
    this.pc.close();
    this.pc = null;
  }

  private setState(state: PlayerState): void {
    if (state === this.current) return;
    this.current = state;
    this.onStateChanged?.(state);
  }
}
