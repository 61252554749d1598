import type { MediaConnection } from "../../gen/livegrpc/v1/token_service_pb";
import { MediaConnectError } from "../media-path";

/** What twilio-video needs to join the stream's room. */
export interface RoomAccess {
  roomName: string;
  accessToken: string;
}

/** The room and Video token the server issued. A Live host publishes into a room too, so both kinds of details carry one. */
export function roomAccess(connection: MediaConnection | undefined): RoomAccess {
  const details = connection?.details;
  if ((details?.case === "twilioRoom" || details?.case === "twilioLive") && details.value.roomName && details.value.accessToken) {
    return { roomName: details.value.roomName, accessToken: details.value.accessToken };
  }
  throw new MediaConnectError("The server sent no Twilio room and access token for this stream, so there is nothing to connect to. Try again in a moment.");
}

/** The Player token (a PlaybackGrant) the server issued to a Live viewer. */
export function playbackToken(connection: MediaConnection | undefined): string {
  const details = connection?.details;
  if (details?.case === "twilioLive" && details.value.accessToken) return details.value.accessToken;
  throw new MediaConnectError("The server sent no Twilio Live player token for this stream, so there is nothing to play. Try again in a moment.");
}
