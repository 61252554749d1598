import { describe, expect, it } from "vitest";
import { KeepTryingRetryPolicy, retryDelay } from "../src/live/retry-policy";

describe("hub reconnect policy", () => {
  it("retries at once first, then backs off exponentially up to the cap", () => {
    const noJitter = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => retryDelay(n, 10_000, noJitter))).toEqual([0, 500, 1000, 2000, 4000, 8000, 10_000]);
  });

  it("never gives up (SignalR stops reconnecting when the policy returns null)", () => {
    const policy = new KeepTryingRetryPolicy();
    for (const previousRetryCount of [10, 100, 10_000]) {
      const delay = policy.nextRetryDelayInMilliseconds({ previousRetryCount, elapsedMilliseconds: 3_600_000, retryReason: new Error("x") });
      expect(delay).not.toBeNull();
      expect(delay).toBeLessThanOrEqual(10_000);
    }
  });

  it("spreads clients with jitter within ±20 %", () => {
    expect(retryDelay(3, 10_000, () => 0)).toBe(1600);
    expect(retryDelay(3, 10_000, () => 1)).toBe(2400);
  });
});
