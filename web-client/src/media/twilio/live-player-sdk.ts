// The @twilio/live-player-sdk entry point, in a module of its own so the bundler gives the SDK
// a chunk named after it that only the Twilio Live viewer loads (see ./sdk.ts).
export { Player } from "@twilio/live-player-sdk";
