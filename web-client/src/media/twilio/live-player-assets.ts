/**
 * Where the built client serves @twilio/live-player-sdk's WebAssembly worker files
 * (twilio-live-player-wasmworker-x-y-z.min.js and .wasm, copied from the installed package by
 * vite.config.ts). Under /assets/ the server sends them with a long, immutable cache: their
 * names carry the player's version, so a new SDK brings new names. Player.connect wants the
 * absolute URL of this folder, without a trailing slash.
 */
export const LivePlayerAssetsPath = "/assets/twilio-live-player";

/** The package folder the files come from, relative to web-client/. */
export const LivePlayerAssetsSource = "node_modules/@twilio/live-player-sdk/dist/build";

export function livePlayerAssetsUrl(origin: string): string {
  return new URL(LivePlayerAssetsPath, origin).href;
}
