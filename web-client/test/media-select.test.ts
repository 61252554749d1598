import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { MediaConnectionSchema, MediaProvider } from "../src/gen/livegrpc/v1/token_service_pb";
import { MediaPathUnavailableError } from "../src/media/media-path";
import { mediaPathFor } from "../src/media/select";

describe("media path selection", () => {
  it("uses the Local WebRTC path when the token response says LOCAL", () => {
    const connection = create(MediaConnectionSchema, {
      provider: MediaProvider.LOCAL,
      details: { case: "local", value: { hubPath: "/hubs/streams", iceServers: [{ urls: ["stun:stun.example.org"] }], maxViewers: 20 } },
    });
    expect(mediaPathFor(connection).name).toBe("Local (WebRTC)");
  });

  it.each([
    [MediaProvider.TWILIO_ROOM, "Twilio Video (room)"],
    [MediaProvider.TWILIO_LIVE, "Twilio Live"],
  ])("says plainly that provider %s is not in this build rather than pretending to play", (provider, name) => {
    const path = mediaPathFor(create(MediaConnectionSchema, { provider }));
    expect(path.name).toBe(name);
    const signalling = {} as never;
    expect(() => path.play({ signalling })).toThrow(MediaPathUnavailableError);
    expect(() => path.publish({ signalling })).toThrow(/not available in this build/);
  });

  it("refuses a response that names no provider", () => {
    expect(() => mediaPathFor(undefined)).toThrow(MediaPathUnavailableError);
  });
});
