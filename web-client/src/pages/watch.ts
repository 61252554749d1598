import { Code } from "@connectrpc/connect";
import { streams, tokens, defaultCall } from "../api/client";
import { describeError, errorCode } from "../api/errors";
import { streamFromProto } from "../api/mapping";
import type { CreateViewerTokenResponse, MediaConnection } from "../gen/livegrpc/v1/token_service_pb";
import { LiveHub, parseHubError } from "../live/live-hub";
import { retryDelay } from "../live/retry-policy";
import { endReasonText, type StreamView } from "../live/stream-view";
import { initialWatchState, watchReducer, type WatchEvent, type WatchState } from "../live/watch-machine";
import { HubViewerSignalling } from "../media/local/hub-signalling";
import type { MediaPath, Player, PlayerState } from "../media/media-path";
import { unmuteElement } from "../media/playback";
import { mediaPathFor } from "../media/select";
import { field, h, viewersText } from "../ui/dom";
import { layout, setTitle } from "../ui/layout";

/** /watch/{id}: the player, the stream's state and its viewer count. */
export function watchPage(streamId: string): void {
  setTitle("Watch");
  const main = layout("watch");
  new WatchView(main, streamId).start();
}

interface Credential {
  viewerPasscode?: string;
  inviteCode?: string;
}

class WatchView {
  private readonly hub = new LiveHub();
  private state: WatchState = initialWatchState;
  private credential: Credential;
  private viewerToken: CreateViewerTokenResponse | null = null;
  private path: MediaPath | null = null;
  private player: Player | null = null;
  private signalling: HubViewerSignalling | null = null;
  private receiveMedia = true;
  /** One watch session per page: reconnects are not counted twice. */
  private readonly sessionId = crypto.randomUUID();

  private readonly title = h("h1", { id: "stream-title" }, "Loading…");
  private readonly description = h("p", { class: "muted" });
  private readonly phase = h("p", { id: "watch-phase", class: "phase", attrs: { role: "status", "aria-live": "polite" } });
  private readonly count = h("p", { id: "watch-viewers", class: "viewers" });
  private readonly video = h("video", { id: "player", autoplay: true, playsInline: true, muted: true, attrs: { "aria-label": "Live video" } });
  private readonly overlay = h("div", { class: "video-overlay" });
  private readonly unmute = h("button", { id: "unmute", type: "button", class: "primary unmute" }, "Click to unmute");
  private readonly fullscreen = h("button", { id: "fullscreen", type: "button", class: "secondary" }, "Fullscreen");
  private readonly frame = h("div", { class: "video-frame player-frame" }, this.video, this.overlay, this.unmute);
  private readonly panel = h("div", { class: "panel-slot" });

  constructor(private readonly main: HTMLElement, private readonly streamId: string) {
    const params = new URLSearchParams(location.search);
    this.credential = { inviteCode: params.get("invite") ?? undefined, viewerPasscode: params.get("passcode") ?? undefined };
  }

  start(): void {
    this.main.append(
      h("div", { class: "page-head" }, this.title, this.phase),
      this.description,
      this.frame,
      h("div", { class: "player-bar" }, this.count, this.fullscreen),
      this.panel,
    );
    this.video.hidden = true;
    this.unmute.hidden = true;
    this.unmute.addEventListener("click", () => {
      if (this.player) this.player.unmute();
      else unmuteElement(this.video);
      this.unmute.hidden = true;
    });
    this.video.addEventListener("volumechange", () => (this.unmute.hidden = !this.video.muted || this.state.phase !== "live"));
    this.fullscreen.addEventListener("click", () => {
      if (document.fullscreenElement) void document.exitFullscreen();
      else void this.frame.requestFullscreen?.().catch(() => {});
    });
    this.hub.onState((state) => this.dispatch(state === "connected" ? { type: "hub-connected" } : { type: "hub-reconnecting" }));
    this.hub.store.subscribe((view) => view.id === this.streamId && this.onStream(view));
    window.addEventListener("pagehide", () => void this.hub.stop());
    this.render();
    void this.load();
  }

  private async load(): Promise<void> {
    let view: StreamView;
    try {
      view = streamFromProto((await streams.getStream({ streamId: this.streamId }, defaultCall)).stream!);
    } catch (caught) {
      if (errorCode(caught) === Code.NotFound || errorCode(caught) === Code.InvalidArgument) {
        this.dispatch({ type: "not-found", message: `There is no stream “${this.streamId}”. Check the link, or find a live stream on the Discover page.` });
      } else {
        this.dispatch({ type: "failed", message: describeError(caught, "Could not load the stream") });
      }
      return;
    }
    this.title.textContent = view.title;
    this.description.textContent = view.description;
    setTitle(view.title);
    if (view.visibility === "private" && !this.credential.inviteCode && !this.credential.viewerPasscode) {
      this.dispatch({ type: "needs-credential", message: "This stream is private. Enter the passcode the host gave you." });
      return;
    }
    await this.join();
  }

  private async token(): Promise<string> {
    return (await this.tokenResponse()).token;
  }

  /** The current token response, asked for again when it is missing or about to expire. */
  private async tokenResponse(): Promise<CreateViewerTokenResponse> {
    const current = this.viewerToken;
    const expires = current?.expireTime ? Number(current.expireTime.seconds) * 1000 : 0;
    if (current && expires - Date.now() > 30_000) return current;
    this.viewerToken = await tokens.createViewerToken({ streamId: this.streamId, ...this.credential }, defaultCall);
    return this.viewerToken;
  }

  /** A new viewer token's MediaConnection, for a media path joining a session of its own (see MediaConnectionSource). */
  private async freshMedia(): Promise<MediaConnection | undefined> {
    this.viewerToken = null;
    return (await this.tokenResponse()).media;
  }

  private async join(): Promise<void> {
    try {
      await this.token();
    } catch (caught) {
      const code = errorCode(caught);
      if (code === Code.PermissionDenied || code === Code.Unauthenticated) {
        this.credential = {};
        this.dispatch({ type: "needs-credential", message: "That passcode or invite is not valid for this stream. Check it and try again." });
      } else if (code === Code.NotFound) {
        this.dispatch({ type: "not-found", message: `There is no stream “${this.streamId}”.` });
      } else {
        this.dispatch({ type: "failed", message: describeError(caught, "Could not get access to the stream") });
      }
      return;
    }
    try {
      this.path = mediaPathFor(this.viewerToken?.media, (message) => console.warn(message));
    } catch (caught) {
      // Status and counts still work; say plainly why there is no picture.
      this.receiveMedia = false;
      this.showPanel(h("p", { class: "error", attrs: { role: "alert" } }, (caught as Error).message));
    }
    await this.watch();
  }

  private async watch(): Promise<void> {
    try {
      await this.hub.watch({
        streamId: this.streamId,
        token: () => this.token(),
        sessionId: this.sessionId,
        receiveMedia: this.receiveMedia,
        onJoined: (response) => {
          if (this.signalling && response.hostPeerId) this.signalling.hostPeerId = response.hostPeerId;
        },
        onRejoinFailed: (caught) => void this.onJoinFailed(caught),
      });
      if (this.receiveMedia) this.startPlayer();
    } catch (caught) {
      await this.onJoinFailed(caught);
    }
  }

  private async onJoinFailed(caught: unknown): Promise<void> {
    const error = parseHubError(caught);
    if (error.code === "stream_full" && this.receiveMedia) {
      // Still show status and the count; just without a picture.
      this.receiveMedia = false;
      this.closePlayer();
      this.dispatch({ type: "mesh-full", message: error.message });
      await this.watch();
      return;
    }
    if (error.code === "not_found") {
      this.dispatch({ type: "not-found", message: error.message });
      return;
    }
    if (error.code === "forbidden" || error.code === "invalid_token" || error.code === "token_expired") {
      this.viewerToken = null;
    }
    this.dispatch({ type: "failed", message: `Could not watch: ${error.message}` });
  }

  private startPlayer(): void {
    if (!this.path || this.player) return;
    this.signalling = new HubViewerSignalling(this.hub, this.streamId, async () => {
      await this.hub.leave(this.streamId);
      await this.watch();
    });
    this.player = this.path.play({ signalling: this.signalling, mediaConnection: () => this.freshMedia() });
    this.player.attach(this.video);
    this.player.onStateChanged = (state) => this.onPlayerState(state);
    this.player.setOnAir(this.mediaOnAir());
  }

  private onPlayerState(state: PlayerState): void {
    if (state === "host-away") this.dispatch({ type: "media-host-away" });
    else if (state === "playing") {
      this.mediaFailures = 0;
      this.dispatch({ type: "media-host-back" });
    }
    else if (state === "ended") this.dispatch({ type: "media-ended" });
    else if (state === "failed") this.retryMediaSoon();
    this.render();
  }

  /** Whether the player should hold a media session: the server has the host on air and the player has not seen that broadcast end. */
  private mediaOnAir(): boolean {
    const { status, mediaEnded, phase } = this.state;
    return (status === "live" || status === "reconnecting") && !mediaEnded && phase !== "failed" && phase !== "not-found" && phase !== "needs-credential";
  }

  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Failed media connections since the last picture: each retry waits longer (a Twilio join costs a token request). */
  private mediaFailures = 0;

  /** A failed media connection while the host is on air: ask for a new one, once it has had a chance to recover. */
  private retryMediaSoon(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.mediaOnAir() && this.player?.state === "failed") this.player.reconnect();
    }, 3_000 + retryDelay(this.mediaFailures++, 27_000));
  }

  private closePlayer(): void {
    this.player?.close();
    this.player = null;
    this.video.srcObject = null;
  }

  private onStream(view: StreamView): void {
    this.title.textContent = view.title;
    this.description.textContent = view.description;
    this.count.textContent = view.deleted ? "" : `${viewersText(view.viewerCount)} watching`;
    if (view.deleted) {
      this.dispatch({ type: "not-found", message: "This stream was deleted by its host." });
      return;
    }
    this.dispatch({ type: "server-status", status: view.status, endReason: view.lastEndReason });
  }

  private dispatch(event: WatchEvent): void {
    const before = this.state;
    this.state = watchReducer(this.state, event);
    if (this.state === before) return;
    this.player?.setOnAir(this.mediaOnAir());
    if (before.phase === "mesh-full" && this.state.phase !== "mesh-full" && !this.receiveMedia && this.path) {
      // The broadcast that was full ended: try for a seat in the next one.
      this.receiveMedia = true;
      void this.hub.leave(this.streamId).then(() => this.watch());
    }
    if (this.state.phase !== before.phase) {
      if (this.state.phase === "needs-credential") this.showPanel(this.credentialForm());
      else if (this.state.phase === "not-found") this.showPanel(h("p", {}, h("a", { href: "/" }, "Find a stream on Discover")));
    }
    this.render();
  }

  private render(): void {
    const phase = this.state.phase;
    this.phase.dataset.phase = phase;
    this.phase.className = `phase phase-${phase}`;
    const live = phase === "live";
    const playing = live && this.player?.state === "playing";
    this.video.hidden = !playing;
    this.unmute.hidden = !playing || !this.video.muted;
    this.fullscreen.disabled = !playing;
    const blocked = phase === "not-found" || phase === "needs-credential" || phase === "failed";
    this.fullscreen.hidden = blocked;
    if (phase === "not-found") {
      this.title.textContent = "Stream not found";
      setTitle("Stream not found");
    }
    const [label, text] = this.describe();
    this.phase.textContent = label;
    this.overlay.hidden = playing;
    this.overlay.textContent = text;
  }

  private describe(): [string, string] {
    switch (this.state.phase) {
      case "loading":
        return ["Loading", "Loading…"];
      case "waiting":
        return ["Waiting for host", this.state.status === "starting" ? "The host is starting the broadcast…" : "The host has not gone live yet. This page starts playing as soon as they do."];
      case "live":
        return ["Live", this.player?.state === "failed" ? "The video connection failed; retrying…" : "Connecting to the video…"];
      case "host-reconnecting":
        return ["Host reconnecting", "The host's connection dropped. Waiting for them to come back…"];
      case "ended":
        return ["Ended", `${endReasonText(this.state.endReason)} This page picks up again by itself if the host goes live again.`];
      case "reconnecting":
        return ["Reconnecting", "Lost the connection to the server. Reconnecting…"];
      case "needs-credential":
        return ["Private stream", this.state.message ?? "This stream is private."];
      case "not-found":
        return ["Not found", this.state.message ?? "This stream does not exist."];
      case "mesh-full":
        return ["Stream full", this.state.message ?? "This stream is full. Try again later."];
      case "failed":
        return ["Error", this.state.message ?? "Something went wrong."];
    }
  }

  private credentialForm(): HTMLElement {
    const passcode = h("input", { type: "password", required: true, autocomplete: "off", minLength: 4, maxLength: 64 });
    const form = h("form", { class: "panel" }, h("h2", {}, "Enter the passcode"), field("Passcode", passcode), h("button", { type: "submit", class: "primary" }, "Watch"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.credential = { viewerPasscode: passcode.value };
      this.viewerToken = null;
      this.state = { ...initialWatchState };
      this.panel.replaceChildren();
      this.render();
      void this.join();
    });
    queueMicrotask(() => passcode.focus());
    return form;
  }

  private showPanel(content: HTMLElement): void {
    this.panel.replaceChildren(content);
  }
}
