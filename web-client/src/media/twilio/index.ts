import type { MediaPath } from "../media-path";
import { livePlayerAssetsUrl } from "./live-player-assets";
import { TwilioLivePlayer } from "./live-player";
import { TwilioRoomPlayer } from "./room-player";
import { TwilioRoomPublisher } from "./room-publisher";
import { twilioSdks, type TwilioSdks } from "./sdk";

/*
 * The Twilio media paths. Hosts publish into a Twilio Video room (twilio-video) in both
 * deliveries; the audience either joins that room subscribe-only (TWILIO_ROOM) or plays the
 * room's composition through Twilio Live (@twilio/live-player-sdk, TWILIO_LIVE). The SDKs are
 * imported on first use, so a Local-media page never downloads them.
 */

export interface TwilioPathOptions {
  /** The SDK entry points; tests pass fakes. */
  sdks?: TwilioSdks;
  log?: (message: string) => void;
}

export function twilioRoomMediaPath({ sdks = twilioSdks, log }: TwilioPathOptions = {}): MediaPath {
  return {
    name: "Twilio Video (room)",
    publish: ({ mediaConnection }) => new TwilioRoomPublisher(sdks, mediaConnection, log),
    play: ({ mediaConnection }) => new TwilioRoomPlayer(sdks, mediaConnection, log),
  };
}

export interface TwilioLivePathOptions extends TwilioPathOptions {
  /** Absolute URL of the folder serving the player's WebAssembly worker files; default: this origin's. */
  wasmAssetsUrl?: string;
}

export function twilioLiveMediaPath({ sdks = twilioSdks, log, wasmAssetsUrl }: TwilioLivePathOptions = {}): MediaPath {
  return {
    name: "Twilio Live",
    publish: ({ mediaConnection }) => new TwilioRoomPublisher(sdks, mediaConnection, log),
    play: ({ mediaConnection }) => new TwilioLivePlayer(sdks, mediaConnection, wasmAssetsUrl ?? livePlayerAssetsUrl(location.origin), log),
  };
}
