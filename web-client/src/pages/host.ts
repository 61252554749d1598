import { asHost, streams, tokens, defaultCall } from "../api/client";
import { describeError, errorCode } from "../api/errors";
import { streamFromProto, visibilityToProto } from "../api/mapping";
import { Code } from "@connectrpc/connect";
import { forgetStream, rememberedSecret, rememberedStreams, rememberStream } from "../host/host-secrets";
import { SourceController, type SourceSelection } from "../host/source-controller";
import type { CreatePublisherTokenResponse, MediaConnection } from "../gen/livegrpc/v1/token_service_pb";
import { hostReducer, initialHostState, type HostEvent, type HostPhase, type HostState } from "../live/host-machine";
import { LiveHub, parseHubError } from "../live/live-hub";
import { endReasonText, type StreamView, type Visibility } from "../live/stream-view";
import { listDevices, DeviceError, type VideoSource } from "../media/devices";
import { HubHostSignalling } from "../media/local/hub-signalling";
import { MediaConnectError, MediaPathUnavailableError, type Publisher, type PublisherConnection } from "../media/media-path";
import { mediaPathFor } from "../media/select";
import { append, copyButton, field, formatDuration, h, replaceChildren, uid } from "../ui/dom";
import { layout, setTitle } from "../ui/layout";

/** /host: create a stream, or pick one this browser created. */
export function hostHomePage(): void {
  setTitle("Host dashboard");
  const main = layout("host");
  main.append(h("div", { class: "page-head" }, h("h1", {}, "Host dashboard")), createStreamForm(main), yourStreams(), manageWithSecretForm());
}

function createStreamForm(main: HTMLElement): HTMLElement {
  const title = h("input", { name: "title", required: true, maxLength: 120, autocomplete: "off" });
  const description = h("textarea", { name: "description", maxLength: 2000, rows: 3 });
  const visibility = h(
    "select",
    { name: "visibility" },
    h("option", { value: "public" }, "Public — listed on Discover"),
    h("option", { value: "unlisted" }, "Unlisted — anyone with the link"),
    h("option", { value: "private" }, "Private — needs a passcode"),
  );
  const passcode = h("input", { name: "passcode", type: "text", minLength: 4, maxLength: 64, autocomplete: "off" });
  const passcodeField = field("Viewer passcode", passcode, "4 to 64 characters. Viewers enter it on the watch page.");
  passcodeField.hidden = true;
  visibility.addEventListener("change", () => {
    passcodeField.hidden = visibility.value !== "private";
    passcode.required = visibility.value === "private";
  });
  const submit = h("button", { type: "submit", class: "primary" }, "Create stream");
  const error = h("div", { class: "error", attrs: { role: "alert" }, hidden: true });
  // One idempotency key per form: a retried submit (double click, flaky network) returns the same stream.
  let requestId = crypto.randomUUID();

  const form = h(
    "form",
    { class: "panel", attrs: { "aria-labelledby": "create-heading" } },
    h("h2", { id: "create-heading" }, "Create a stream"),
    field("Title", title, "Required. Up to 120 characters."),
    field("Description", description),
    field("Visibility", visibility),
    passcodeField,
    error,
    submit,
  );
  form.addEventListener("input", () => (requestId = crypto.randomUUID()));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      const response = await streams.createStream(
        {
          requestId,
          stream: {
            title: title.value.trim(),
            description: description.value.trim(),
            visibility: visibilityToProto(visibility.value as Visibility),
            viewerPasscode: visibility.value === "private" ? passcode.value : "",
          },
        },
        defaultCall,
      );
      const stream = response.stream!;
      rememberStream({ streamId: stream.id, title: stream.title, secret: response.hostSecret });
      history.pushState(null, "", `/host/${encodeURIComponent(stream.id)}`);
      main.replaceChildren();
      hostStreamPage(stream.id, response.hostSecret);
    } catch (caught) {
      error.hidden = false;
      error.textContent = describeError(caught, "Could not create the stream");
      submit.disabled = false;
    }
  });
  return form;
}

function yourStreams(): HTMLElement {
  const remembered = rememberedStreams();
  if (remembered.length === 0) return h("div");
  return h(
    "section",
    { class: "panel", attrs: { "aria-labelledby": "yours-heading" } },
    h("h2", { id: "yours-heading" }, "Your streams on this browser"),
    h(
      "ul",
      { class: "plain-list" },
      ...remembered.map((stream) => h("li", {}, h("a", { href: `/host/${encodeURIComponent(stream.streamId)}` }, stream.title || stream.streamId))),
    ),
  );
}

function manageWithSecretForm(): HTMLElement {
  const id = h("input", { name: "streamId", required: true, autocomplete: "off", placeholder: "st_…" });
  const secret = h("input", { name: "secret", type: "password", required: true, autocomplete: "off" });
  const form = h(
    "form",
    { class: "panel", attrs: { "aria-labelledby": "manage-heading" } },
    h("h2", { id: "manage-heading" }, "Manage a stream created elsewhere"),
    h("p", { class: "muted" }, "Created with the CLI or on another device? Enter its id and host secret."),
    field("Stream id", id),
    field("Host secret", secret),
    h("button", { type: "submit", class: "secondary" }, "Open dashboard"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const streamId = id.value.trim();
    rememberStream({ streamId, title: streamId, secret: secret.value.trim() });
    location.assign(`/host/${encodeURIComponent(streamId)}`);
  });
  return form;
}

/** /host/{id}: the dashboard for one stream. */
export function hostStreamPage(streamId: string, justCreatedSecret?: string): void {
  setTitle("Host dashboard");
  const main = layout("host");
  const secret = justCreatedSecret ?? rememberedSecret(streamId);
  if (!secret) {
    main.append(h("h1", {}, "Host dashboard"), h("p", {}, "This browser does not have the host secret for this stream."), manageWithSecretForm());
    return;
  }
  new HostDashboard(main, streamId, secret, justCreatedSecret !== undefined).start();
}

class HostDashboard {
  private readonly hub = new LiveHub();
  private readonly sources = new SourceController();
  private readonly signalling: HubHostSignalling;
  private state: HostState = initialHostState;
  private publisher: Publisher | null = null;
  private publisherToken: CreatePublisherTokenResponse | null = null;
  private readonly sessionId = crypto.randomUUID();

  // Elements
  private readonly heading = h("h1", {}, "Host dashboard");
  private readonly phase = h("p", { id: "host-phase", class: "phase phase-offline", attrs: { role: "status", "aria-live": "polite" } }, "OFFLINE");
  private readonly preview = h("video", { id: "preview", muted: true, autoplay: true, playsInline: true, attrs: { "aria-label": "Local preview" } });
  private readonly previewEmpty = h("p", { class: "video-placeholder" }, "Camera is off. Choose a source and press Preview or Go live.");
  private readonly videoSource = h(
    "select",
    { id: "video-source" },
    h("option", { value: "camera" }, "Camera"),
    h("option", { value: "screen" }, "Screen share"),
    h("option", { value: "none" }, "No video"),
  );
  private readonly camera = h("select", { id: "camera" }, h("option", { value: "" }, "Default camera"));
  private readonly microphone = h("select", { id: "microphone" }, h("option", { value: "" }, "Default microphone"), h("option", { value: "none" }, "No microphone"));
  private readonly previewButton = h("button", { type: "button", class: "secondary" }, "Preview");
  private readonly refreshButton = h("button", { type: "button", class: "secondary" }, "Refresh devices");
  private readonly liveSwitch = h("button", { id: "go-live", type: "button", class: "switch", attrs: { role: "switch", "aria-checked": "false" } }, h("span", { class: "switch-track", attrs: { "aria-hidden": "true" } }, h("span", { class: "switch-thumb" })), h("span", { class: "switch-label" }, "Go live"));
  private readonly stopButton = h("button", { id: "stop", type: "button", class: "danger", disabled: true }, "Stop broadcast");
  private readonly viewers = h("dd", { id: "viewer-count" }, "0");
  private readonly peak = h("dd", { id: "peak-count" }, "0");
  private readonly elapsed = h("dd", { id: "elapsed" }, "—");
  private readonly error = h("div", { id: "host-error", class: "error", attrs: { role: "alert" }, hidden: true });
  private readonly notice = h("p", { class: "notice", attrs: { role: "status" }, hidden: true });
  private readonly shareUrl: string;

  constructor(private readonly main: HTMLElement, private readonly streamId: string, private readonly secret: string, private readonly justCreated: boolean) {
    this.shareUrl = `${location.origin}/watch/${encodeURIComponent(streamId)}`;
    this.signalling = new HubHostSignalling(this.hub, streamId);
  }

  start(): void {
    this.render();
    this.sources.onChange = (stream) => this.onSource(stream);
    this.sources.onScreenShareEnded = () => {
      this.videoSource.value = "camera";
      void this.applySelection("The screen share ended; back to the camera.");
    };
    this.hub.onState((state) => this.dispatch(state === "connected" ? { type: "hub-connected" } : { type: "hub-reconnecting" }));
    this.hub.onHostReplaced((push) => {
      if (push.streamId !== this.streamId) return;
      this.closePublisher();
      this.dispatch({ type: "stop" });
      this.showError("This stream is now being hosted from another tab or device. Close this one, or press Go live here to take it back.");
    });
    this.hub.store.subscribe((view) => view.id === this.streamId && this.onStream(view));
    setInterval(() => this.tickElapsed(), 1000);
    window.addEventListener("pagehide", () => this.sources.stopAll());
    void this.load();
  }

  private render(): void {
    this.preview.hidden = true;
    const devicesForm = h(
      "fieldset",
      { class: "devices" },
      h("legend", {}, "Source"),
      field("Video", this.videoSource),
      field("Camera", this.camera),
      field("Microphone", this.microphone),
      h("div", { class: "row" }, this.previewButton, this.refreshButton),
    );
    const stats = h(
      "dl",
      { class: "stats" },
      h("div", {}, h("dt", {}, "Watching now"), this.viewers),
      h("div", {}, h("dt", {}, "Peak"), this.peak),
      h("div", {}, h("dt", {}, "Elapsed"), this.elapsed),
    );
    const share = h(
      "div",
      { class: "share" },
      h("label", { htmlFor: "share-link" }, "Share link"),
      h("div", { class: "row" }, h("input", { id: "share-link", value: this.shareUrl, readOnly: true }), copyButton("Copy link", () => this.shareUrl)),
    );

    append(
      this.main,
      h("div", { class: "page-head" }, this.heading, this.phase),
      this.justCreated ? this.secretPanel() : null,
      this.error,
      this.notice,
      h(
        "div",
        { class: "host-grid" },
        h("section", { class: "panel", attrs: { "aria-label": "Preview and devices" } }, h("div", { class: "video-frame" }, this.preview, this.previewEmpty), devicesForm),
        h("section", { class: "panel", attrs: { "aria-label": "Broadcast" } }, this.liveSwitch, stats, share, this.stopButton),
      ),
    );

    this.liveSwitch.addEventListener("click", () => (this.state.phase === "OFFLINE" ? void this.goLive() : void this.stop()));
    this.stopButton.addEventListener("click", () => void this.stop());
    this.previewButton.addEventListener("click", () => void this.applySelection());
    this.refreshButton.addEventListener("click", () => void this.refreshDevices());
    for (const select of [this.videoSource, this.camera, this.microphone]) {
      select.addEventListener("change", () => {
        this.camera.disabled = this.videoSource.value !== "camera";
        // While live (or previewing) a change switches the source in place.
        if (this.sources.hasMedia) void this.applySelection();
      });
    }
  }

  private secretPanel(): HTMLElement {
    const secretId = uid("secret");
    const panel = h(
      "section",
      { class: "panel secret", attrs: { "aria-labelledby": `${secretId}-heading` } },
      h("h2", { id: `${secretId}-heading` }, "Your host secret — shown once"),
      h("p", {}, "Anyone with this secret can start, stop, edit and delete the stream. Copy it somewhere safe now: the server keeps only a hash and cannot show it again. This browser remembers it so you can come back to this dashboard."),
      h("div", { class: "row" }, h("input", { id: secretId, value: this.secret, readOnly: true, attrs: { "aria-label": "Host secret" } }), copyButton("Copy secret", () => this.secret)),
    );
    const dismiss = h("button", { type: "button", class: "secondary" }, "I have saved it");
    dismiss.addEventListener("click", () => panel.remove());
    panel.append(dismiss);
    return panel;
  }

  private async load(): Promise<void> {
    try {
      const response = await streams.getStream({ streamId: this.streamId }, defaultCall);
      const view = streamFromProto(response.stream!);
      rememberStream({ streamId: this.streamId, title: view.title, secret: this.secret });
      this.hub.store.applySnapshot(view);
      // Follow for counts and status before going live (the publisher token unlocks a private stream).
      await this.token();
      await this.followOwnStream();
      if (view.status !== "offline") {
        this.showNotice("This stream is already on air — press Go live to resume broadcasting from this dashboard.");
      }
    } catch (caught) {
      if (errorCode(caught) === Code.NotFound) {
        forgetStream(this.streamId);
        replaceChildren(this.main, h("h1", {}, "Stream not found"), h("p", {}, "This stream does not exist (it may have been deleted)."), h("a", { href: "/host" }, "Create a new stream"));
        return;
      }
      if (errorCode(caught) === Code.PermissionDenied || errorCode(caught) === Code.Unauthenticated) {
        this.showError("The host secret this browser has for the stream is not accepted. Enter it again on the host page.");
        return;
      }
      this.showError(describeError(caught, "Could not load the stream"));
    }
    await this.refreshDevices();
  }

  private async token(): Promise<string> {
    return (await this.tokenResponse()).token;
  }

  /** The current token response, asked for again when it is missing or about to expire. */
  private async tokenResponse(): Promise<CreatePublisherTokenResponse> {
    const current = this.publisherToken;
    const expires = current?.expireTime ? Number(current.expireTime.seconds) * 1000 : 0;
    if (current && expires - Date.now() > 30_000) return current;
    this.publisherToken = await tokens.createPublisherToken({ streamId: this.streamId }, asHost(this.secret));
    return this.publisherToken;
  }

  /** A new publisher token's MediaConnection, for a media path joining a session of its own (see MediaConnectionSource). */
  private async freshMedia(): Promise<MediaConnection | undefined> {
    this.publisherToken = null;
    return (await this.tokenResponse()).media;
  }

  private async refreshDevices(): Promise<void> {
    const { cameras, microphones } = await listDevices().catch(() => ({ cameras: [], microphones: [] }));
    const fill = (select: HTMLSelectElement, devices: MediaDeviceInfo[], fallback: string, extra: HTMLOptionElement[]) => {
      const selected = select.value;
      replaceChildren(select, h("option", { value: "" }, fallback), ...devices.map((device, index) => h("option", { value: device.deviceId }, device.label || `${fallback.replace("Default ", "")} ${index + 1}`)), ...extra);
      if ([...select.options].some((option) => option.value === selected)) select.value = selected;
    };
    fill(this.camera, cameras, "Default camera", []);
    fill(this.microphone, microphones, "Default microphone", [h("option", { value: "none" }, "No microphone")]);
  }

  private selection(): SourceSelection {
    return {
      video: this.videoSource.value as VideoSource,
      cameraId: this.camera.value || undefined,
      microphoneId: this.microphone.value === "none" ? "none" : this.microphone.value || undefined,
    };
  }

  /** Starts or switches the source; a failed switch keeps the current one on air. */
  private async applySelection(notice?: string): Promise<boolean> {
    try {
      await this.sources.apply(this.selection());
      this.clearError();
      if (notice) this.showNotice(notice);
      await this.refreshDevices(); // labels appear once permission is granted
      return true;
    } catch (caught) {
      const current = this.sources.current;
      this.videoSource.value = current.video;
      this.showError(caught instanceof DeviceError ? caught.message : describeError(caught, "Could not switch the source"));
      return false;
    }
  }

  private onSource(stream: MediaStream | null): void {
    this.preview.srcObject = stream;
    const hasVideo = (stream?.getVideoTracks().length ?? 0) > 0;
    this.previewEmpty.hidden = hasVideo;
    this.preview.hidden = !hasVideo;
    // A switch that fails keeps the broadcast going with what was sent before; say why.
    this.publisher?.setSource(stream).catch((caught: unknown) => this.showError(caught instanceof MediaConnectError ? caught.message : describeError(caught, "Could not switch the source")));
  }

  private async goLive(): Promise<void> {
    if (this.state.phase !== "OFFLINE") return;
    this.clearError();
    this.notice.hidden = true;
    this.dispatch({ type: "go-live" });
    let started = false;
    try {
      if (!this.sources.hasMedia && !(await this.applySelection())) {
        throw new DeviceError(this.error.textContent || "No camera, screen or microphone is available.");
      }
      await this.token();
      const path = mediaPathFor(this.publisherToken?.media, (message) => console.warn(message));
      await this.hub.host({
        streamId: this.streamId,
        token: () => this.token(),
        sessionId: this.sessionId,
        onJoined: (response) => this.signalling.resetViewers(response.viewers.map((viewer) => viewer.peerId)),
        onRejoinFailed: (caught) => this.onRejoinFailed(caught),
      });
      const response = await streams.startStream({ streamId: this.streamId }, asHost(this.secret));
      started = true;
      this.dispatch({ type: "start-acknowledged" });
      this.publisher = path.publish({ signalling: this.signalling, mediaConnection: () => this.freshMedia() });
      this.publisher.onConnectionChanged = (connection) => void this.onMediaConnection(connection);
      await this.publisher.setSource(this.sources.stream);
      this.hub.store.applySnapshot(streamFromProto(response.stream!));
      const view = this.hub.store.get(this.streamId);
      if (view) this.dispatch({ type: "server-status", status: view.status });
    } catch (caught) {
      // Leave nothing half-live: undo what this attempt started.
      this.closePublisher();
      if (started) await streams.stopStream({ streamId: this.streamId }, asHost(this.secret)).catch(() => {});
      await this.hub.leave(this.streamId).catch(() => {});
      await this.followOwnStream();
      const message =
        caught instanceof DeviceError || caught instanceof MediaPathUnavailableError || caught instanceof MediaConnectError
          ? caught.message
          : caught instanceof Error && /HubException/.test(caught.message)
            ? parseHubError(caught).message
            : describeError(caught, "Could not go live");
      this.dispatch({ type: "start-failed", message });
    }
  }

  private async stop(): Promise<void> {
    this.dispatch({ type: "stop" });
    try {
      // Stop first, then close the media connections: viewers see "ended" rather than a frozen frame.
      const response = await streams.stopStream({ streamId: this.streamId }, asHost(this.secret));
      this.hub.store.applySnapshot(streamFromProto(response.stream!));
    } catch (caught) {
      this.showError(describeError(caught, "Could not stop the broadcast"));
    } finally {
      this.closePublisher();
    }
    // Release the publisher session; keep following for counts and status.
    await this.hub.leave(this.streamId).catch(() => {});
    await this.followOwnStream();
  }

  private followOwnStream(): Promise<void> {
    return this.hub.follow([this.streamId], () => this.token()).then(
      () => {},
      () => {},
    );
  }

  /** The publisher's own media session (Twilio) changed; Local's rides on the hub and never calls this. */
  private async onMediaConnection(connection: PublisherConnection): Promise<void> {
    switch (connection.state) {
      case "reconnecting":
        this.dispatch({ type: "media-reconnecting" });
        return;
      case "connected":
        this.dispatch({ type: "media-reconnected" });
        return;
      case "ended":
        // The server ended the broadcast; its OFFLINE status (and reason) follows through the hub.
        this.closePublisher();
        return;
      case "failed":
        // Like a failed rejoin: release the publisher session so the server's grace window runs,
        // and let the host go live again from the switch.
        this.closePublisher();
        this.dispatch({ type: "start-failed", message: connection.message });
        await this.hub.leave(this.streamId).catch(() => {});
        await this.followOwnStream();
        return;
    }
  }

  private onRejoinFailed(caught: unknown): void {
    this.closePublisher();
    this.dispatch({ type: "start-failed", message: `Lost the broadcast after reconnecting: ${parseHubError(caught).message}` });
  }

  private closePublisher(): void {
    this.publisher?.close();
    this.publisher = null;
  }

  private onStream(view: StreamView): void {
    this.heading.textContent = view.title;
    setTitle(`Hosting: ${view.title}`);
    this.viewers.textContent = String(view.viewerCount);
    this.peak.textContent = String(view.broadcast?.peakViewers ?? 0);
    this.dispatch({ type: "server-status", status: view.status, endReason: view.lastEndReason });
    this.tickElapsed();
  }

  private tickElapsed(): void {
    const start = this.hub.store.get(this.streamId)?.broadcast?.startTime;
    this.elapsed.textContent = start && this.state.phase !== "OFFLINE" ? formatDuration(Date.now() - start.getTime()) : "—";
  }

  private dispatch(event: HostEvent): void {
    const before = this.state;
    this.state = hostReducer(this.state, event);
    if (this.state === before) return;
    if (before.phase !== "OFFLINE" && this.state.phase === "OFFLINE") {
      // stop() closes the media itself, once the server has ended the broadcast.
      if (event.type !== "stop") this.closePublisher();
      if (this.state.endedBy && event.type === "server-status") this.showNotice(`The broadcast ended. ${endReasonText(this.state.endedBy)}`);
    }
    if (this.state.error && this.state.error !== before.error) this.showError(this.state.error);
    this.renderPhase(this.state.phase);
  }

  private renderPhase(phase: HostPhase): void {
    this.phase.textContent = phase;
    this.phase.className = `phase phase-${phase.toLowerCase()}`;
    this.phase.dataset.phase = phase;
    const on = phase !== "OFFLINE";
    this.liveSwitch.setAttribute("aria-checked", String(on));
    this.liveSwitch.querySelector(".switch-label")!.textContent = on ? (phase === "LIVE" ? "Live" : phase === "CONNECTING" ? "Connecting…" : "Reconnecting…") : "Go live";
    this.liveSwitch.classList.toggle("on", on);
    this.stopButton.disabled = !on;
    this.tickElapsed();
  }

  private showError(message: string): void {
    this.error.hidden = false;
    this.error.textContent = message;
  }

  private clearError(): void {
    this.error.hidden = true;
    this.error.textContent = "";
  }

  private showNotice(message: string): void {
    this.notice.hidden = false;
    this.notice.textContent = message;
  }
}
