import { MediaProvider, type MediaConnection } from "../gen/livegrpc/v1/token_service_pb";
import { MediaPathUnavailableError, type MediaPath } from "./media-path";
import { localMediaPath } from "./local";
import { twilioLiveMediaPath, twilioRoomMediaPath } from "./twilio";

/** The media path the server told us to use, in the token response's MediaConnection. */
export function mediaPathFor(connection: MediaConnection | undefined, log?: (message: string) => void): MediaPath {
  switch (connection?.provider) {
    case MediaProvider.LOCAL:
      return localMediaPath(connection.details.case === "local" ? connection.details.value : undefined, log);
    case MediaProvider.TWILIO_ROOM:
      return twilioRoomMediaPath({ log });
    case MediaProvider.TWILIO_LIVE:
      return twilioLiveMediaPath({ log });
    default:
      throw new MediaPathUnavailableError("Unknown", "The server did not say which media provider to use.");
  }
}
