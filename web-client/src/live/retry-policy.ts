import type { IRetryPolicy, RetryContext } from "@microsoft/signalr";

/**
 * SignalR's default policy gives up after four tries (0, 2, 10, 30 s). A live page must not:
 * the host's publisher session and a viewer's count depend on coming back. Quick first tries,
 * then exponential backoff with jitter, capped, forever.
 */
export class KeepTryingRetryPolicy implements IRetryPolicy {
  constructor(
    private readonly maxDelayMs = 10_000,
    private readonly random: () => number = Math.random,
  ) {}

  nextRetryDelayInMilliseconds(context: RetryContext): number {
    return retryDelay(context.previousRetryCount, this.maxDelayMs, this.random);
  }
}

export function retryDelay(previousRetryCount: number, maxDelayMs = 10_000, random: () => number = Math.random): number {
  if (previousRetryCount === 0) return 0;
  const exponential = Math.min(maxDelayMs, 500 * 2 ** (previousRetryCount - 1));
  // ±20 % so a server restart is not met by every client at the same instant.
  const jitter = exponential * 0.2 * (random() * 2 - 1);
  return Math.max(0, Math.min(maxDelayMs, Math.round(exponential + jitter)));
}
