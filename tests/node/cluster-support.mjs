// Several LiveGrpc nodes on one PostgreSQL database and one Redis: the multi-node deployment,
// for the cluster suite. The throwaway PostgreSQL and Redis are the ones scripts/engines.sh starts
// for ./test.sh (LIVEGRPC_TEST_POSTGRES, LIVEGRPC_TEST_REDIS); each cluster gets its own database
// and its own Redis key prefix, so clusters never see each other.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import grpc from '@grpc/grpc-js';
import { startLiveGrpcServer } from './livegrpc-server.mjs';
import { bearer, deadlineIn, liveGrpcClients, unary } from './grpc-support.mjs';

const run = promisify(execFile);

export const SIGNING_KEY = 'cluster-suite-signing-key-0123456789abcdef';

function engines() {
  const postgres = process.env.LIVEGRPC_TEST_POSTGRES;
  const redis = process.env.LIVEGRPC_TEST_REDIS;
  if (!postgres || !redis) {
    throw new Error('The cluster suite needs PostgreSQL and Redis: run ./test.sh, or `scripts/engines.sh run node --test tests/node/cluster.test.mjs` '
      + '(it installs Debian\'s postgresql and redis-server if missing and starts throwaway ones on loopback).');
  }
  return { postgres, redis };
}

/** The Npgsql connection string's parts, for psql. */
function postgresParts(connectionString) {
  const parts = Object.fromEntries(connectionString.split(';').filter(Boolean).map((part) => {
    const [key, ...value] = part.split('=');
    return [key.trim().toLowerCase(), value.join('=').trim()];
  }));
  return { host: parts.host, port: parts.port ?? '5432', user: parts.username ?? 'postgres' };
}

async function psql(sql) {
  const { host, port, user } = postgresParts(engines().postgres);
  await run('psql', ['-h', host, '-p', port, '-U', user, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql]);
}

/**
 * A cluster: a fresh database, a Redis key prefix, and nodes started with `startNode()`. Settings
 * are short so tests are quick: nodes time out after 3 s, the grace window is 3 s, counts push
 * every 200 ms. `close()` stops every node and drops the database.
 */
export async function createCluster({ args = [] } = {}) {
  const { postgres, redis } = engines();
  const database = `livegrpc_cluster_${randomBytes(6).toString('hex')}`;
  await psql(`CREATE DATABASE "${database}"`);
  const connectionString = postgres.replace(/Database=[^;]*/i, `Database=${database}`);
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const nodes = [];
  const shared = [
    '--Storage:Provider=PostgreSql',
    `--ConnectionStrings:LiveGrpc=${connectionString}`,
    `--Redis:Configuration=${redis}`,
    `--Redis:KeyPrefix=${prefix}`,
    '--Redis:NodeTimeout=00:00:03',
    `--Tokens:SigningKey=${SIGNING_KEY}`,
    '--Tokens:IssuancePermitsPerSecond=100000',
    '--Tokens:IssuanceBurst=100000',
    '--Presence:PushInterval=00:00:00.200',
    '--Streams:ReconnectGracePeriod=00:00:03',
    '--Streams:DeadlineCheckInterval=00:00:00.250',
    '--Hub:KeepAliveInterval=00:00:01',
    ...args,
  ];
  return {
    prefix,
    nodes,
    /** Starts one more node; resolves once it listens. */
    async startNode(extra = []) {
      const server = await startLiveGrpcServer({ args: [...shared, ...extra] });
      const node = { ...server, api: liveGrpcClients(server.grpcAddress) };
      nodes.push(node);
      return node;
    },
    async close() {
      for (const node of nodes) {
        node.api.close();
        await node.stop().catch(() => {});
      }
      await psql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => {});
    },
  };
}

/** A grpc-js WatchStream whose responses are collected; `next(predicate)` waits for the first matching one. */
export function watchStream(api, streamId, { credential, sessionId = '' } = {}) {
  const call = api.streams.watchStream({ streamId, sessionId }, credential ? bearer(credential) : new grpc.Metadata());
  const events = [];
  const waiters = [];
  let ended = null;
  call.on('data', (response) => {
    events.push(response.event);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(response.event)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        clearTimeout(waiter.timer);
        waiter.resolve(response.event);
      }
    }
  });
  call.on('error', (error) => {
    ended = error;
    for (const waiter of waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  });
  call.on('end', () => { ended ??= new Error('the watch ended'); });
  return {
    call,
    events,
    get ended() { return ended; },
    next(predicate = () => true, timeoutMs = 10_000) {
      const found = events.find(predicate);
      if (found) return Promise.resolve(found);
      if (ended) return Promise.reject(ended);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve, reject };
        waiter.timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no matching WatchStream event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => [e.version, e.event]))}`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    cancel: () => call.cancel(),
  };
}

/** Unary calls a test makes on one node, with the host secret where the call needs one. */
export function streamCalls(api) {
  return {
    create: (title) => unary(api.streams, 'createStream', { stream: { title } }),
    get: async (streamId) => (await unary(api.streams, 'getStream', { streamId })).stream,
    start: (streamId, secret) => unary(api.streams, 'startStream', { streamId }, { metadata: bearer(secret) }),
    stop: (streamId, secret) => unary(api.streams, 'stopStream', { streamId }, { metadata: bearer(secret) }),
    rename: (streamId, secret, title) =>
      unary(api.streams, 'updateStream', { stream: { id: streamId, title }, updateMask: { paths: ['title'] } }, { metadata: bearer(secret) }),
    makePrivate: (streamId, secret, viewerPasscode) => unary(api.streams, 'updateStream',
      { stream: { id: streamId, visibility: 'VISIBILITY_PRIVATE', viewerPasscode }, updateMask: { paths: ['visibility', 'viewer_passcode'] } },
      { metadata: bearer(secret) }),
    viewerToken: async (streamId, extra = {}) => (await unary(api.tokens, 'createViewerToken', { streamId, ...extra }, { deadline: deadlineIn(10_000) })).token,
    publisherToken: async (streamId, secret) => (await unary(api.tokens, 'createPublisherToken', { streamId }, { metadata: bearer(secret) })).token,
  };
}
