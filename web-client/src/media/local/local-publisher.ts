import type { Publisher } from "../media-path";
import type { HostSignalling, SignalMessage } from "./signalling";

interface Peer {
  viewerId: string;
  pc: RTCPeerConnection;
  video: RTCRtpSender;
  audio: RTCRtpSender;
  /** Candidates that arrived before the answer. */
  queued: RTCIceCandidateInit[];
  connected: boolean;
  restarts: number;
}

const MaxRestarts = 3;

/**
 * The host's side of the local mesh: one RTCPeerConnection per viewer, send-only, fed from one
 * source. Switching camera ↔ screen or microphones replaces the track on every sender
 * (RTCRtpSender.replaceTrack), so viewers keep their connection and need no renegotiation.
 */
export class LocalPublisher implements Publisher {
  private readonly peers = new Map<string, Peer>();
  private readonly unsubscribe: Array<() => void> = [];
  /** Groups the audio and video tracks on the viewer's side (one msid). */
  private readonly outgoing = new MediaStream();
  private source: MediaStream | null = null;
  private closed = false;
  onViewersChanged?: (connected: number) => void;

  constructor(
    private readonly signalling: HostSignalling,
    private readonly iceServers: RTCIceServer[],
    private readonly log: (message: string) => void = () => {},
  ) {
    this.unsubscribe.push(
      signalling.onViewerJoined((viewerId) => void this.connect(viewerId)),
      signalling.onViewerLeft((viewerId) => this.drop(viewerId)),
      signalling.onSignal((viewerId, message) => void this.onSignal(viewerId, message)),
    );
    for (const viewerId of signalling.viewers()) void this.connect(viewerId);
  }

  get connectedViewers(): number {
    let connected = 0;
    for (const peer of this.peers.values()) if (peer.connected) connected++;
    return connected;
  }

  async setSource(source: MediaStream | null): Promise<void> {
    this.source = source;
    const video = source?.getVideoTracks()[0] ?? null;
    const audio = source?.getAudioTracks()[0] ?? null;
    await Promise.all(
      [...this.peers.values()].flatMap((peer) => [peer.video.replaceTrack(video), peer.audio.replaceTrack(audio)]),
    );
  }

  close(): void {
    this.closed = true;
    this.unsubscribe.forEach((stop) => stop());
    for (const viewerId of [...this.peers.keys()]) this.drop(viewerId);
  }

  private async connect(viewerId: string, restarts = 0): Promise<void> {
    if (this.closed) return;
    this.drop(viewerId, false);
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    const video = pc.addTransceiver("video", { direction: "sendonly", streams: [this.outgoing] }).sender;
    const audio = pc.addTransceiver("audio", { direction: "sendonly", streams: [this.outgoing] }).sender;
    const peer: Peer = { viewerId, pc, video, audio, queued: [], connected: false, restarts };
    this.peers.set(viewerId, peer);

    await video.replaceTrack(this.source?.getVideoTracks()[0] ?? null);
    await audio.replaceTrack(this.source?.getAudioTracks()[0] ?? null);

    pc.onicecandidate = (event) => {
      if (!event.candidate) return;
      void this.signalling.send(viewerId, { kind: "candidate", candidate: event.candidate.toJSON() }).catch(() => {});
    };
    pc.onconnectionstatechange = () => this.onConnectionState(peer);

    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    if (this.peers.get(viewerId) !== peer) return;
    await this.signalling.send(viewerId, { kind: "offer", sdp: offer.sdp ?? "" }).catch((error: Error) => {
      this.log(`could not send an offer to a viewer: ${error.message}`);
    });
  }

  private onConnectionState(peer: Peer): void {
    if (this.peers.get(peer.viewerId) !== peer) return;
    const state = peer.pc.connectionState;
    const wasConnected = peer.connected;
    peer.connected = state === "connected";
    if (wasConnected !== peer.connected) this.onViewersChanged?.(this.connectedViewers);
    if (state === "failed" && peer.restarts < MaxRestarts) {
      this.log(`media connection to a viewer failed; offering again (${peer.restarts + 1}/${MaxRestarts})`);
      void this.connect(peer.viewerId, peer.restarts + 1);
    }
  }

  private async onSignal(viewerId: string, message: SignalMessage): Promise<void> {
    const peer = this.peers.get(viewerId);
    if (!peer) return; // the viewer left, or the connection was replaced
    try {
      if (message.kind === "answer") {
        if (peer.pc.signalingState !== "have-local-offer") return; // a late answer to a replaced offer
        await peer.pc.setRemoteDescription({ type: "answer", sdp: message.sdp });
        for (const candidate of peer.queued.splice(0)) await peer.pc.addIceCandidate(candidate);
      } else if (message.kind === "candidate") {
        if (peer.pc.remoteDescription) await peer.pc.addIceCandidate(message.candidate);
        else peer.queued.push(message.candidate);
      }
    } catch (error) {
      this.log(`signalling with a viewer failed: ${(error as Error).message}`);
    }
  }

  private drop(viewerId: string, notify = true): void {
    const peer = this.peers.get(viewerId);
    if (!peer) return;
    this.peers.delete(viewerId);
    peer.pc.onconnectionstatechange = null;
    peer.pc.onicecandidate = null;
    peer.pc.close();
    if (notify && peer.connected) this.onViewersChanged?.(this.connectedViewers);
  }
}
