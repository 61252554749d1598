// Clients for the LiveGrpc hub suites and the hub benchmark: grpc-js stubs for StreamService and
// TokenService (loaded from protos/, the contract), and @microsoft/signalr connections to
// /hubs/streams. Pair with startLiveGrpcServer from livegrpc-server.mjs.
import { createHmac, hkdfSync, randomUUID } from 'node:crypto';
import path from 'node:path';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import * as signalR from '@microsoft/signalr';
import { repoRoot } from './livegrpc-server.mjs';

const definition = protoLoader.loadSync(['livegrpc/v1/stream_service.proto', 'livegrpc/v1/token_service.proto'], {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [path.join(repoRoot, 'protos')],
});
const v1 = grpc.loadPackageDefinition(definition).livegrpc.v1;

function unary(client, method, request, secret) {
  const metadata = new grpc.Metadata();
  if (secret) metadata.set('authorization', `Bearer ${secret}`);
  return new Promise((resolve, reject) => {
    client[method](request, metadata, { deadline: Date.now() + 10_000 }, (err, response) => (err ? reject(err) : resolve(response)));
  });
}

/** StreamService and TokenService over h2c, with the calls the hub suites need. */
export function liveGrpcApi(grpcAddress) {
  const credentials = grpc.credentials.createInsecure();
  const streams = new v1.StreamService(grpcAddress, credentials);
  const tokens = new v1.TokenService(grpcAddress, credentials);
  return {
    /** Resolves with { stream, hostSecret }. */
    async createStream(title = 'Hub test', { visibility = 'VISIBILITY_PUBLIC', viewerPasscode = '' } = {}) {
      const response = await unary(streams, 'createStream', { stream: { title, visibility, viewerPasscode } });
      return { stream: response.stream, hostSecret: response.hostSecret };
    },
    getStream: async (streamId) => (await unary(streams, 'getStream', { streamId })).stream,
    startStream: (streamId, hostSecret) => unary(streams, 'startStream', { streamId }, hostSecret),
    stopStream: (streamId, hostSecret) => unary(streams, 'stopStream', { streamId }, hostSecret),
    deleteStream: (streamId, hostSecret) => unary(streams, 'deleteStream', { streamId }, hostSecret),
    viewerToken: async (streamId, extra = {}) => (await unary(tokens, 'createViewerToken', { streamId, ...extra })).token,
    publisherToken: async (streamId, hostSecret) => (await unary(tokens, 'createPublisherToken', { streamId }, hostSecret)).token,
    close() {
      streams.close();
      tokens.close();
    },
  };
}

/**
 * A started hub connection that records every push by event name (pushes.StatusChanged etc.),
 * each with the local receive time in `at`. `waitFor(name, predicate)` resolves with the first
 * recorded or future push that matches.
 */
export async function connectHub(webUrl, { keepAliveMs = 1_000, serverTimeoutMs = 30_000 } = {}) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${webUrl}/hubs/streams`, { transport: signalR.HttpTransportType.WebSockets, skipNegotiation: true })
    .configureLogging(signalR.LogLevel.None)
    .build();
  connection.keepAliveIntervalInMilliseconds = keepAliveMs;
  connection.serverTimeoutInMilliseconds = serverTimeoutMs;
  const pushes = {};
  const waiters = [];
  for (const name of ['StatusChanged', 'ViewerCountChanged', 'StreamUpdated', 'StreamDeleted', 'ViewerJoined', 'ViewerLeft', 'Signal', 'HostReplaced']) {
    pushes[name] = [];
    connection.on(name, (push) => {
      const entry = { ...push, at: performance.now() };
      pushes[name].push(entry);
      for (const waiter of [...waiters]) {
        if (waiter.name === name && waiter.predicate(entry)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          clearTimeout(waiter.timer);
          waiter.resolve(entry);
        }
      }
    });
  }
  await connection.start();
  return {
    connection,
    pushes,
    invoke: (method, request) => connection.invoke(method, request),
    stop: () => connection.stop(),
    waitFor(name, predicate = () => true, timeoutMs = 10_000) {
      const found = pushes[name].find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { name, predicate, resolve };
        waiter.timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no ${name} push matching ${predicate} within ${timeoutMs} ms; got ${JSON.stringify(pushes[name])}`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
  };
}

/** The stable code of a hub error ("... HubException: stream_full: ..."), or undefined. */
export function hubErrorCode(error) {
  return /HubException: ([a-z_]+): /.exec(error?.message ?? '')?.[1];
}

/**
 * Mints a LiveGrpc access token the way the server does (HS256 under the HKDF subkey of
 * Tokens:SigningKey), so a test can present a correctly signed token with chosen claims — e.g.
 * one that has already expired. With a different key it makes a forgery.
 */
export function mintToken(signingKey, { streamId, role = 'viewer', expiresInSeconds = 600, sessionId = `ss_${randomUUID()}` }) {
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(signingKey, 'utf8'), Buffer.alloc(0), Buffer.from('livegrpc token signing v1'), 32));
  const now = Math.floor(Date.now() / 1000);
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'HS256', typ: 'JWT' });
  const payload = encode({
    sub: `viewer-${sessionId}`, sid: sessionId, lg_stream: streamId, lg_role: role,
    iss: 'livegrpc', aud: 'livegrpc', iat: now - 1200, nbf: now - 1200, exp: now + expiresInSeconds,
  });
  const signature = createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
