import type { Player as LivePlayer } from "@twilio/live-player-sdk";
import { MediaConnectError, type MediaConnectionSource, type Player, type PlayerState } from "../media-path";
import { resumePlayback } from "../playback";
import { playbackToken } from "./connection";
import type { LivePlayerSdk, TwilioSdks } from "./sdk";
import { describeTwilioError } from "./twilio-errors";

/**
 * A Twilio Live viewer: @twilio/live-player-sdk plays the PlayerStreamer named by the Player
 * token's PlaybackGrant into the page's element. The SDK runs its decoder in a WebAssembly
 * worker loaded from our own server (wasmAssetsUrl). A Player is single-use (Ended is terminal),
 * so every time the stream goes on air again a new one connects with a fresh token.
 */
export class TwilioLivePlayer implements Player {
  private player: LivePlayer | null = null;
  private video: HTMLVideoElement | null = null;
  private onAir = false;
  private closed = false;
  private attempt = 0;
  private lastError: unknown;
  private current: PlayerState = "idle";
  onStateChanged?: (state: PlayerState) => void;

  constructor(
    private readonly sdks: TwilioSdks,
    private readonly mediaConnection: MediaConnectionSource,
    private readonly wasmAssetsUrl: string,
    private readonly log: (message: string) => void = () => {},
  ) {}

  get state(): PlayerState {
    return this.current;
  }

  attach(video: HTMLVideoElement): void {
    this.video = video;
    this.player?.attach(video);
  }

  setOnAir(onAir: boolean): void {
    if (this.closed || onAir === this.onAir) return;
    this.onAir = onAir;
    if (onAir) void this.connect();
    else this.disconnect("idle");
  }

  unmute(): void {
    // The SDK owns the element's sound while it plays: unmute through it.
    if (this.player) this.player.isMuted = false;
    if (this.video) resumePlayback(this.video);
  }

  reconnect(): void {
    if (this.closed || !this.onAir) return;
    this.disconnect("connecting");
    void this.connect();
  }

  close(): void {
    this.closed = true;
    this.disconnect("idle");
  }

  private async connect(): Promise<void> {
    const attempt = ++this.attempt;
    this.lastError = undefined;
    this.setState("connecting");
    try {
      const token = playbackToken(await this.mediaConnection());
      const sdk = await this.sdks.livePlayer();
      const { Player } = sdk;
      if (!Player.isSupported) throw new MediaConnectError("This browser cannot play Twilio Live streams (it needs WebAssembly). Try a current Chrome, Edge, Firefox or Safari.");
      if (attempt !== this.attempt) return;
      const player = await Player.connect(token, { playerWasmAssetsPath: this.wasmAssetsUrl });
      if (attempt !== this.attempt) {
        player.disconnect();
        return;
      }
      this.player = player;
      player.on(Player.Event.StateChanged, (state: LivePlayer.State) => this.player === player && this.onPlayerState(sdk, player, state));
      player.on(Player.Event.Error, (error: LivePlayer.Error) => {
        if (this.player !== player) return;
        this.lastError = error;
        this.log(describeTwilioError(error, "Twilio Live playback failed"));
      });
      if (this.video) player.attach(this.video);
      // Autoplay rules: start muted like every player here (after attaching, so the page's
      // element is the one muted); the page offers click-to-unmute.
      player.isMuted = true;
      this.onPlayerState(sdk, player, player.state);
    } catch (error) {
      if (attempt !== this.attempt) return;
      this.log(describeTwilioError(error, "Could not connect to the Twilio Live stream"));
      this.setState("failed");
    }
  }

  private onPlayerState({ Player }: LivePlayerSdk, player: LivePlayer, state: LivePlayer.State): void {
    switch (state) {
      case Player.State.Ready:
        // Loaded; play() before Ready does nothing, so it is called here — after the state is
        // set, because the player may report Playing from inside play().
        this.setState("connecting");
        player.play();
        return;
      case Player.State.Idle:
        this.setState("connecting");
        return;
      case Player.State.Buffering:
        // A rebuffer keeps the last frame on screen; only a first buffer has nothing to show.
        if (this.current !== "playing") this.setState("connecting");
        return;
      case Player.State.Playing:
        this.setState("playing");
        return;
      case Player.State.Ended:
        // Terminal: the SDK has released the player. After a playback error it is a failure
        // (the page retries while the host is live); otherwise the stream ended.
        this.player = null;
        this.setState(this.lastError === undefined ? "ended" : "failed");
        return;
    }
  }

  private disconnect(state: PlayerState): void {
    this.attempt++;
    const player = this.player;
    this.player = null;
    player?.disconnect();
    this.setState(state);
  }

  private setState(state: PlayerState): void {
    if (state === this.current) return;
    this.current = state;
    this.onStateChanged?.(state);
  }
}
