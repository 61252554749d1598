import { Code, ConnectError } from "@connectrpc/connect";

/** A message a person can act on, for any error a call can throw. */
export function describeError(error: unknown, action: string): string {
  if (error instanceof ConnectError) {
    const detail = error.rawMessage || "";
    switch (error.code) {
      case Code.NotFound:
        return `${action}: not found. ${detail}`.trim();
      case Code.InvalidArgument:
        return `${action}: ${detail || "the server rejected the input."}`;
      case Code.Unauthenticated:
        return `${action}: a credential is needed. ${detail}`.trim();
      case Code.PermissionDenied:
        return `${action}: not allowed. ${detail}`.trim();
      case Code.ResourceExhausted:
        return `${action}: too many requests right now; try again in a moment. ${detail}`.trim();
      case Code.FailedPrecondition:
        return `${action}: ${detail || "not possible in the stream's current state."}`;
      case Code.Unavailable:
      case Code.DeadlineExceeded:
        return `${action}: the server cannot be reached. Check that LiveGrpc is running and try again.`;
      default:
        return `${action}: ${detail || error.message}`;
    }
  }
  if (error instanceof Error) return `${action}: ${error.message}`;
  return `${action}: ${String(error)}`;
}

export function errorCode(error: unknown): Code | undefined {
  return error instanceof ConnectError ? error.code : undefined;
}
