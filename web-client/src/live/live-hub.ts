import { HubConnectionBuilder, HubConnectionState, LogLevel, type HubConnection } from "@microsoft/signalr";
import {
  countChangeFromWire,
  detailsChangeFromWire,
  parseHubError,
  snapshotFromWire,
  statusChangeFromWire,
  type FollowResponse,
  type HostReplacedPush,
  type HostResponse,
  type PeerPush,
  type SignalPush,
  type StreamDeletedPush,
  type StreamDetailsPush,
  type StreamStatusPush,
  type ViewerCountPush,
  type WatchResponse,
  type IceCandidateWire,
} from "./hub-messages";
import { KeepTryingRetryPolicy, retryDelay } from "./retry-policy";
import { StreamStore } from "./stream-store";

export type HubState = "connecting" | "connected" | "reconnecting";

/** Supplies a fresh token whenever the hub (re)joins; tokens are short-lived. */
export type TokenSource = () => Promise<string>;

interface WatchMembership {
  kind: "watch";
  streamId: string;
  token: TokenSource;
  sessionId: string;
  receiveMedia: boolean;
  onJoined: (response: WatchResponse) => void;
  onRejoinFailed: (error: unknown) => void;
}

interface HostMembership {
  kind: "host";
  streamId: string;
  token: TokenSource;
  sessionId: string;
  onJoined: (response: HostResponse) => void;
  onRejoinFailed: (error: unknown) => void;
}

type Membership = WatchMembership | HostMembership;

type Handler<T> = (push: T) => void;

/**
 * The page's one connection to /hubs/streams. It reconnects forever; after every reconnect it
 * joins again what the page had joined (watch, host, follows), and each join's snapshot resyncs
 * the store, which drops anything older than the version it holds.
 */
export class LiveHub {
  readonly store = new StreamStore();
  private readonly connection: HubConnection;
  private readonly memberships = new Map<string, Membership>();
  private readonly followed = new Set<string>();
  /** Tokens that unlock followed PRIVATE streams, asked for again on every (re)follow. */
  private readonly followTokens = new Map<string, TokenSource>();
  private readonly stateListeners = new Set<(state: HubState) => void>();
  private readonly peerHandlers = { joined: new Set<Handler<PeerPush>>(), left: new Set<Handler<PeerPush>>() };
  private readonly signalHandlers = new Set<Handler<SignalPush>>();
  private readonly replacedHandlers = new Set<Handler<HostReplacedPush>>();
  private startPromise: Promise<void> | undefined;
  private current: HubState = "connecting";

  /** @param connection for tests: a stand-in for the SignalR connection. */
  constructor({ hubPath = "/hubs/streams", logLevel = LogLevel.Warning, connection }: { hubPath?: string; logLevel?: LogLevel; connection?: HubConnection } = {}) {
    this.connection =
      connection ??
      new HubConnectionBuilder().withUrl(hubPath).withAutomaticReconnect(new KeepTryingRetryPolicy()).configureLogging(logLevel).build();

    // Handlers must return nothing: SignalR sends any returned value back as a client result.
    this.connection.on("StatusChanged", (push: StreamStatusPush) => {
      this.store.apply(statusChangeFromWire(push));
    });
    this.connection.on("ViewerCountChanged", (push: ViewerCountPush) => {
      this.store.apply(countChangeFromWire(push));
    });
    this.connection.on("StreamUpdated", (push: StreamDetailsPush) => {
      this.store.apply(detailsChangeFromWire(push));
    });
    this.connection.on("StreamDeleted", (push: StreamDeletedPush) => {
      this.store.apply({ kind: "deleted", streamId: push.streamId, version: push.version });
    });
    this.connection.on("ViewerJoined", (push: PeerPush) => {
      this.peerHandlers.joined.forEach((handler) => handler(push));
    });
    this.connection.on("ViewerLeft", (push: PeerPush) => {
      this.peerHandlers.left.forEach((handler) => handler(push));
    });
    this.connection.on("Signal", (push: SignalPush) => {
      this.signalHandlers.forEach((handler) => handler(push));
    });
    this.connection.on("HostReplaced", (push: HostReplacedPush) => {
      this.memberships.delete(push.streamId);
      this.replacedHandlers.forEach((handler) => handler(push));
    });

    this.connection.onreconnecting(() => this.setState("reconnecting"));
    this.connection.onreconnected(() => {
      this.setState("connected");
      void this.rejoinAll();
    });
    // Automatic reconnect never gives up, so a close means the first connect failed or the
    // server closed us deliberately: start over the same way.
    this.connection.onclose(() => {
      this.startPromise = undefined;
      this.setState("reconnecting");
      void this.start().then(() => this.rejoinAll());
    });
  }

  get state(): HubState {
    return this.current;
  }

  onState(listener: (state: HubState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Connects, retrying with backoff until it succeeds (the server may still be starting). */
  start(): Promise<void> {
    this.startPromise ??= (async () => {
      for (let attempt = 0; ; attempt++) {
        if (this.connection.state === HubConnectionState.Connected) break;
        try {
          await this.connection.start();
          break;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, retryDelay(attempt + 1)));
        }
      }
      this.setState("connected");
    })();
    return this.startPromise;
  }

  /** Follows streams' status and counts (a discovery page). Snapshots go into the store. */
  async follow(streamIds: string[], token?: TokenSource): Promise<FollowResponse> {
    if (token) streamIds.forEach((id) => this.followTokens.set(id, token));
    const ids = [...new Set(streamIds)];
    ids.forEach((id) => this.followed.add(id));
    await this.start();
    const sources = [...new Set(ids.map((id) => this.followTokens.get(id)).filter((source): source is TokenSource => !!source))];
    const tokens = await Promise.all(sources.map((source) => source()));
    const response = await this.connection.invoke<FollowResponse>("Follow", { streamIds: ids, tokens });
    response.streams.forEach((snapshot) => this.store.applySnapshot(snapshotFromWire(snapshot)));
    response.unavailable.forEach((missing) => this.followed.delete(missing.streamId));
    return response;
  }

  async unfollow(streamIds: string[]): Promise<void> {
    streamIds.forEach((id) => {
      this.followed.delete(id);
      this.followTokens.delete(id);
      this.store.forget(id);
    });
    if (this.connection.state === HubConnectionState.Connected) {
      await this.connection.invoke("Unfollow", { streamIds });
    }
  }

  /** Watches a stream as a viewer; the membership is restored after every reconnect. */
  async watch(membership: Omit<WatchMembership, "kind">): Promise<WatchResponse> {
    const entry: WatchMembership = { kind: "watch", ...membership };
    this.memberships.set(membership.streamId, entry);
    try {
      return (await this.join(entry)) as WatchResponse;
    } catch (error) {
      this.memberships.delete(membership.streamId);
      throw error;
    }
  }

  /** Joins as the stream's host (its publisher session in Local mode); restored after reconnects. */
  async host(membership: Omit<HostMembership, "kind">): Promise<HostResponse> {
    const entry: HostMembership = { kind: "host", ...membership };
    this.memberships.set(membership.streamId, entry);
    try {
      return (await this.join(entry)) as HostResponse;
    } catch (error) {
      this.memberships.delete(membership.streamId);
      throw error;
    }
  }

  async leave(streamId: string): Promise<void> {
    this.memberships.delete(streamId);
    if (this.connection.state === HubConnectionState.Connected) {
      await this.connection.invoke("Leave", { streamId });
    }
  }

  signalHost(streamId: string, kind: string, sdp?: string, candidate?: IceCandidateWire): Promise<void> {
    return this.connection.invoke("SignalHost", { streamId, kind, sdp, candidate });
  }

  signalViewer(streamId: string, peerId: string, kind: string, sdp?: string, candidate?: IceCandidateWire): Promise<void> {
    return this.connection.invoke("SignalViewer", { streamId, peerId, kind, sdp, candidate });
  }

  onViewerJoined(handler: Handler<PeerPush>): () => void {
    this.peerHandlers.joined.add(handler);
    return () => this.peerHandlers.joined.delete(handler);
  }

  onViewerLeft(handler: Handler<PeerPush>): () => void {
    this.peerHandlers.left.add(handler);
    return () => this.peerHandlers.left.delete(handler);
  }

  onSignal(handler: Handler<SignalPush>): () => void {
    this.signalHandlers.add(handler);
    return () => this.signalHandlers.delete(handler);
  }

  onHostReplaced(handler: Handler<HostReplacedPush>): () => void {
    this.replacedHandlers.add(handler);
    return () => this.replacedHandlers.delete(handler);
  }

  async stop(): Promise<void> {
    this.memberships.clear();
    this.followed.clear();
    this.followTokens.clear();
    await this.connection.stop();
  }

  private async join(entry: Membership): Promise<WatchResponse | HostResponse> {
    await this.start();
    const token = await entry.token();
    if (entry.kind === "watch") {
      const response = await this.connection.invoke<WatchResponse>("Watch", {
        streamId: entry.streamId,
        token,
        sessionId: entry.sessionId,
        receiveMedia: entry.receiveMedia,
      });
      this.store.applySnapshot(snapshotFromWire(response.stream));
      entry.onJoined(response);
      return response;
    }
    const response = await this.connection.invoke<HostResponse>("Host", { streamId: entry.streamId, token, sessionId: entry.sessionId });
    this.store.applySnapshot(snapshotFromWire(response.stream));
    entry.onJoined(response);
    return response;
  }

  private async rejoinAll(): Promise<void> {
    if (this.followed.size > 0) {
      const ids = [...this.followed];
      this.followed.clear();
      await this.follow(ids).catch(() => ids.forEach((id) => this.followed.add(id)));
    }
    for (const entry of [...this.memberships.values()]) {
      try {
        await this.join(entry);
      } catch (error) {
        // A stream full on rejoin is still a stream to follow: let the page decide.
        if (this.memberships.get(entry.streamId) === entry) this.memberships.delete(entry.streamId);
        entry.onRejoinFailed(error);
      }
    }
  }

  private setState(state: HubState): void {
    if (state === this.current) return;
    this.current = state;
    this.stateListeners.forEach((listener) => listener(state));
  }
}

export { parseHubError };
