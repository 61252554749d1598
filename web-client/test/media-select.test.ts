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
  ])("uses the Twilio path for provider %s", (provider, name) => {
    expect(mediaPathFor(create(MediaConnectionSchema, { provider })).name).toBe(name);
  });

  it("refuses a response that names no provider", () => {
    expect(() => mediaPathFor(undefined)).toThrow(MediaPathUnavailableError);
  });
});
