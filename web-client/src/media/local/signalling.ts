/**
 * The signalling the Local path needs from the hub. Messages pass only between the host and one
 * viewer: the hub assigns every mesh member a peer id, the host addresses a viewer by it, and a
 * viewer can only ever reach the host (the hub enforces both).
 */
export type SignalMessage =
  | { kind: "offer"; sdp: string }
  | { kind: "answer"; sdp: string }
  | { kind: "candidate"; candidate: RTCIceCandidateInit };

export interface HostSignalling {
  /** Viewers in the stream's media mesh right now. */
  viewers(): string[];
  /** A viewer entered the mesh (or re-entered with a new peer id): the host sends it an offer. */
  onViewerJoined(handler: (peerId: string) => void): () => void;
  onViewerLeft(handler: (peerId: string) => void): () => void;
  onSignal(handler: (fromPeerId: string, message: SignalMessage) => void): () => void;
  send(peerId: string, message: SignalMessage): Promise<void>;
}

export interface ViewerSignalling {
  /** Signals from the stream's host only. */
  onSignal(handler: (message: SignalMessage) => void): () => void;
  send(message: SignalMessage): Promise<void>;
  /** Re-enters the mesh so the host offers again (after a failed connection). */
  requestMedia(): Promise<void>;
}
