import type { Player as LivePlayer } from "@twilio/live-player-sdk";
import type { ConnectOptions, Room } from "twilio-video";

/** The one twilio-video entry point the Twilio paths call. */
export interface VideoSdk {
  connect(token: string, options: ConnectOptions): Promise<Room>;
}

/** The one @twilio/live-player-sdk entry point: the Player class's static side (connect, and its State and Event names). */
export interface LivePlayerSdk {
  Player: Pick<typeof LivePlayer, "connect" | "isSupported" | "State" | "Event">;
}

/** Where the Twilio paths get their SDKs: injected by tests, lazily imported otherwise. */
export interface TwilioSdks {
  video(): Promise<VideoSdk>;
  livePlayer(): Promise<LivePlayerSdk>;
}

/**
 * Browser end-to-end tests replace the SDKs with recording fakes by defining this before the
 * page's scripts run (playwright's page.addInitScript; see tests/e2e/twilio-fakes.mjs). It is
 * read only when it is the window's own property holding the expected functions, so an element
 * that happens to have this id cannot stand in for it. It grants nothing new: a script that can
 * set it already runs in the page and could read the same tokens itself. Its use is announced
 * on the console.
 */
export const TwilioFakesGlobal = "__livegrpcTwilioFakes";

export interface TwilioFakes {
  video?: VideoSdk;
  livePlayer?: LivePlayerSdk;
}

/** The fakes a test installed on `scope` (the window), keeping only entries shaped like the SDKs'. */
export function installedFakes(scope: object | undefined = typeof window === "undefined" ? undefined : window): TwilioFakes {
  if (!scope || !Object.prototype.hasOwnProperty.call(scope, TwilioFakesGlobal)) return {};
  const fakes = (scope as Record<string, TwilioFakes | undefined>)[TwilioFakesGlobal];
  return {
    video: typeof fakes?.video?.connect === "function" ? fakes.video : undefined,
    livePlayer: typeof fakes?.livePlayer?.Player?.connect === "function" ? fakes.livePlayer : undefined,
  };
}

function announced<T>(fake: T | undefined, sdk: string): T | undefined {
  if (fake) console.warn(`${sdk} is replaced by window.${TwilioFakesGlobal} (test fakes).`);
  return fake;
}

/** One import per page; a failed import (a dropped network) is tried again next time. */
function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

/**
 * The real SDKs, imported on first use: each is larger than the rest of the client put
 * together, and Local-media users never need them.
 */
export const twilioSdks: TwilioSdks = {
  video: loadOnce(async () => announced(installedFakes().video, "twilio-video") ?? (await import("./video-sdk"))),
  livePlayer: loadOnce(async () => announced(installedFakes().livePlayer, "@twilio/live-player-sdk") ?? (await import("./live-player-sdk"))),
};
