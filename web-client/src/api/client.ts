import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { StreamService } from "../gen/livegrpc/v1/stream_service_pb";
import { TokenService } from "../gen/livegrpc/v1/token_service_pb";

/**
 * gRPC-Web (binary) to the page's own origin: the server serves pages, the hub and gRPC-Web
 * on one web port. The clients are generated from protos/ — the same contract native apps use.
 */
const transport = createGrpcWebTransport({ baseUrl: window.location.origin, useBinaryFormat: true });

export const streams: Client<typeof StreamService> = createClient(StreamService, transport);
export const tokens: Client<typeof TokenService> = createClient(TokenService, transport);

/** Call options that authorize a host action with the stream's host secret. */
export function asHost(hostSecret: string, timeoutMs = 10_000) {
  return { headers: { authorization: `Bearer ${hostSecret}` }, timeoutMs };
}

/** Every call has a deadline; a hung server shows as an error, not a spinner forever. */
export const defaultCall = { timeoutMs: 10_000 };

export { Code, ConnectError };
