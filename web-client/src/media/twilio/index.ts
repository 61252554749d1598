import { MediaPathUnavailableError, type MediaPath } from "../media-path";

/*
 * The Twilio paths plug in here with the Twilio issue:
 *  - TWILIO_ROOM: twilio-video.js — the host connects to the room and publishes; viewers
 *    connect subscribe-only with the access token from the token response.
 *  - TWILIO_LIVE: @twilio/live-player-sdk — viewers play the PlayerStreamer with the Player
 *    access token; its wasm worker files are served by the server.
 * Until then, a server configured for Twilio gets a clear message rather than a player that
 * pretends to work.
 */
export function twilioRoomMediaPath(): MediaPath {
  return unavailable("Twilio Video (room)");
}

export function twilioLiveMediaPath(): MediaPath {
  return unavailable("Twilio Live");
}

function unavailable(provider: string): MediaPath {
  const fail = (): never => {
    throw new MediaPathUnavailableError(provider, "This web client supports the Local provider only; set Media:Provider to Local, or use a build that includes the Twilio player.");
  };
  return { name: provider, publish: fail, play: fail };
}
