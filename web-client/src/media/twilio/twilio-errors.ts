import type { TwilioError } from "twilio-video";

/** twilio-video's error codes that change what the page shows (see the SDK's TwilioErrorByCode). */
export const TwilioErrorCode = {
  /** The room was completed by the server: the broadcast ended. */
  RoomCompleted: 53118,
  /** Another tab joined with the same identity and took this one's place. */
  DuplicateIdentity: 53205,
  RoomFull: 53105,
} as const;

export function isRoomCompleted(error: TwilioError | null | undefined): boolean {
  return error?.code === TwilioErrorCode.RoomCompleted;
}

/** A sentence a person can act on, for a twilio-video or live-player error (or anything thrown). */
export function describeTwilioError(error: unknown, action: string): string {
  const code = typeof (error as TwilioError | null)?.code === "number" ? (error as TwilioError).code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (code === TwilioErrorCode.DuplicateIdentity) return `${action}: this stream was opened in another tab or device, which took over the media connection.`;
  if (code === TwilioErrorCode.RoomFull) return `${action}: the stream's room is full. Try again later.`;
  // 20101–20107: the access token was refused (invalid, expired, wrong account or grant).
  if (code !== undefined && code >= 20101 && code <= 20107) return `${action}: Twilio refused the access token (${code}: ${message}).`;
  if (code !== undefined) return `${action}: ${message} (Twilio error ${code}).`;
  return `${action}: ${message}`;
}
