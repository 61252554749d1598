import { describe, expect, it } from "vitest";
import { installedFakes, TwilioFakesGlobal } from "../../src/media/twilio/sdk";
import { fakeLivePlayerSdk, fakeVideoSdk } from "./fakes";

describe("Twilio SDK test seam", () => {
  it("uses fakes a test defined on the window", () => {
    const video = fakeVideoSdk().sdk;
    const livePlayer = fakeLivePlayerSdk().sdk;
    expect(installedFakes({ [TwilioFakesGlobal]: { video, livePlayer } })).toEqual({ video, livePlayer });
  });

  it("finds none on a normal page", () => {
    expect(installedFakes({})).toEqual({});
    expect(installedFakes(undefined)).toEqual({});
  });

  it("ignores anything not shaped like the SDK entry points, and names only inherited (an element's id)", () => {
    expect(installedFakes({ [TwilioFakesGlobal]: { video: { connect: "x" }, livePlayer: { Player: {} } } })).toEqual({ video: undefined, livePlayer: undefined });
    expect(installedFakes({ [TwilioFakesGlobal]: "<div>" })).toEqual({ video: undefined, livePlayer: undefined });
    // Browsers expose elements by id through the window's prototype chain, never as own properties.
    const named = Object.create({ [TwilioFakesGlobal]: { video: fakeVideoSdk().sdk } });
    expect(installedFakes(named)).toEqual({});
  });
});
