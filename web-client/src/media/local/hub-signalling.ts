import { candidateFromWire, candidateToWire, type SignalPush } from "../../live/hub-messages";
import type { LiveHub } from "../../live/live-hub";
import type { HostSignalling, SignalMessage, ViewerSignalling } from "./signalling";

function toMessage(push: SignalPush): SignalMessage | undefined {
  switch (push.kind) {
    case "offer":
    case "answer":
      return push.sdp ? { kind: push.kind, sdp: push.sdp } : undefined;
    case "candidate":
      return push.candidate ? { kind: "candidate", candidate: candidateFromWire(push.candidate) } : undefined;
    default:
      return undefined;
  }
}

/**
 * The host's signalling over the hub. It keeps the set of viewers in the mesh (from the Host
 * join's answer, then ViewerJoined/ViewerLeft), so a publisher created when the host goes live
 * — again — offers to everyone already waiting.
 */
export class HubHostSignalling implements HostSignalling {
  private readonly mesh = new Set<string>();
  private readonly unsubscribe: Array<() => void>;

  constructor(private readonly hub: LiveHub, private readonly streamId: string) {
    this.unsubscribe = [
      hub.onViewerJoined((push) => push.streamId === streamId && this.mesh.add(push.peerId)),
      hub.onViewerLeft((push) => push.streamId === streamId && this.mesh.delete(push.peerId)),
    ];
  }

  /** The mesh as the hub reported it on (re)joining as host. */
  resetViewers(peerIds: string[]): void {
    this.mesh.clear();
    peerIds.forEach((peerId) => this.mesh.add(peerId));
  }

  viewers(): string[] {
    return [...this.mesh];
  }

  onViewerJoined(handler: (peerId: string) => void): () => void {
    return this.hub.onViewerJoined((push) => push.streamId === this.streamId && handler(push.peerId));
  }

  onViewerLeft(handler: (peerId: string) => void): () => void {
    return this.hub.onViewerLeft((push) => push.streamId === this.streamId && handler(push.peerId));
  }

  onSignal(handler: (fromPeerId: string, message: SignalMessage) => void): () => void {
    return this.hub.onSignal((push) => {
      const message = push.streamId === this.streamId ? toMessage(push) : undefined;
      if (message) handler(push.fromPeerId, message);
    });
  }

  send(peerId: string, message: SignalMessage): Promise<void> {
    return message.kind === "candidate"
      ? this.hub.signalViewer(this.streamId, peerId, "candidate", undefined, candidateToWire(message.candidate))
      : this.hub.signalViewer(this.streamId, peerId, message.kind, message.sdp);
  }

  dispose(): void {
    this.unsubscribe.forEach((stop) => stop());
  }
}

/** A viewer's signalling over the hub: it hears only its stream's host and can only answer it. */
export class HubViewerSignalling implements ViewerSignalling {
  /** The host's peer id, once known; signals from anyone else are ignored. */
  hostPeerId: string | null = null;

  constructor(
    private readonly hub: LiveHub,
    private readonly streamId: string,
    private readonly rejoin: () => Promise<void>,
  ) {}

  onSignal(handler: (message: SignalMessage) => void): () => void {
    return this.hub.onSignal((push) => {
      if (push.streamId !== this.streamId) return;
      // The hub only routes the host's signals to a viewer; a new host peer id (the host rejoined) is adopted with its offer.
      if (push.kind === "offer") this.hostPeerId = push.fromPeerId;
      else if (this.hostPeerId && push.fromPeerId !== this.hostPeerId) return;
      const message = toMessage(push);
      if (message) handler(message);
    });
  }

  send(message: SignalMessage): Promise<void> {
    return message.kind === "candidate"
      ? this.hub.signalHost(this.streamId, "candidate", undefined, candidateToWire(message.candidate))
      : this.hub.signalHost(this.streamId, message.kind, message.sdp);
  }

  requestMedia(): Promise<void> {
    return this.rejoin();
  }
}
