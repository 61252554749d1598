// LiveGrpc's gRPC API (livegrpc.v1 on Grpc.AspNetCore) driven by @grpc/grpc-js, and by node:http2
// where a test needs the raw wire: call types, concurrency, size limits, deadlines and
// cancellation releasing viewers, every status the API produces with its message and
// google.rpc.Status details, metadata, compression.
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { after, before, describe, test } from 'node:test';
import { startLiveGrpcServer } from './livegrpc-server.mjs';
import {
  bearer, collect, deadlineIn, failure, frame, grpc, liveGrpcClients, messageQueue, messagesOf, rawCall, types, unary,
} from './grpc-support.mjs';

const MiB = 1024 * 1024;
const nonAscii = 'st_héllo wörld, 100% ☺ 😈 \t ok';

/** Decodes grpc-status-details-bin into { status, badRequest?, retryInfo? }. */
function richStatus(err) {
  const [bytes] = err.metadata.get('grpc-status-details-bin');
  assert.ok(Buffer.isBuffer(bytes), 'grpc-status-details-bin is present as bytes');
  const status = types.RpcStatus.decode(bytes);
  const detail = (type) => {
    const any = status.details.find((d) => d.type_url === `type.googleapis.com/${type.fullName.slice(1)}`);
    return any ? type.toObject(type.decode(any.value), { defaults: true }) : undefined;
  };
  return { status, badRequest: detail(types.BadRequest), retryInfo: detail(types.RetryInfo) };
}

describe('livegrpc.v1 over h2c with @grpc/grpc-js', { timeout: 120_000 }, () => {
  let server;
  let api;

  before(async () => {
    server = await startLiveGrpcServer({
      args: ['--Presence:PushInterval=00:00:00.100', '--Tokens:IssuancePermitsPerSecond=1000', '--Tokens:IssuanceBurst=1000'],
    });
    api = liveGrpcClients(server.grpcAddress);
  });

  after(async () => {
    api?.close();
    await server?.stop();
  });

  const create = async (title = 'grpc-js suite') => unary(api.streams, 'createStream', { stream: { title } });

  /** The host's WatchStream (holds the publisher session) on a stream that is then started: LIVE. */
  async function liveStreamWithHostWatch() {
    const { stream, hostSecret } = await create();
    const host = api.streams.watchStream({ streamId: stream.id }, bearer(hostSecret));
    const events = messageQueue(host);
    assert.equal((await events.next()).event.event, 'snapshot');
    const started = await unary(api.streams, 'startStream', { streamId: stream.id }, { metadata: bearer(hostSecret) });
    assert.equal(started.stream.status, 'STREAM_STATUS_LIVE');
    const viewerToken = async () => (await unary(api.tokens, 'createViewerToken', { streamId: stream.id })).token;
    return { stream, hostSecret, host, events, viewerToken };
  }

  const viewerCount = (n) => (m) => m.event.event === 'viewerCountChanged' && m.event.viewerCountChanged.viewerCount === n;

  test('unary calls: create, get, list, update, start, stop, list broadcasts, delete', async () => {
    const { stream, hostSecret } = await create('Unary tour');
    const auth = { metadata: bearer(hostSecret) };
    assert.match(stream.id, /^st_/);
    assert.match(hostSecret, /^lgs_/);
    assert.equal((await unary(api.streams, 'getStream', { streamId: stream.id })).stream.title, 'Unary tour');
    const listed = await unary(api.streams, 'listStreams', { pageSize: 100 });
    assert.ok(listed.streams.some((s) => s.id === stream.id));
    const updated = await unary(api.streams, 'updateStream', { stream: { id: stream.id, title: 'Renamed' }, updateMask: { paths: ['title'] } }, auth);
    assert.equal(updated.stream.title, 'Renamed');
    // No publisher session: STARTING until the host connects; stopping ends the broadcast.
    assert.equal((await unary(api.streams, 'startStream', { streamId: stream.id }, auth)).stream.status, 'STREAM_STATUS_STARTING');
    assert.equal((await unary(api.streams, 'stopStream', { streamId: stream.id }, auth)).stream.status, 'STREAM_STATUS_OFFLINE');
    const broadcasts = await unary(api.streams, 'listBroadcasts', { streamId: stream.id });
    assert.equal(broadcasts.broadcasts.length, 1);
    assert.equal(broadcasts.broadcasts[0].endReason, 'END_REASON_HOST_STOPPED');
    await unary(api.streams, 'deleteStream', { streamId: stream.id }, auth);
    assert.equal((await failure(unary(api.streams, 'getStream', { streamId: stream.id }))).code, grpc.status.NOT_FOUND);
  });

  test('WatchStream: the snapshot first, then status and viewer-count events in version order, until cancelled', async () => {
    const { stream, hostSecret } = await create('Watched');
    const host = api.streams.watchStream({ streamId: stream.id }, bearer(hostSecret));
    const done = collect(host);
    const events = messageQueue(host);
    const snapshot = (await events.next()).event;
    assert.equal(snapshot.event, 'snapshot');
    assert.equal(snapshot.snapshot.id, stream.id);
    await unary(api.streams, 'startStream', { streamId: stream.id }, { metadata: bearer(hostSecret) });
    await events.until((m) => m.event.statusChanged?.status === 'STREAM_STATUS_LIVE');
    const token = (await unary(api.tokens, 'createViewerToken', { streamId: stream.id })).token;
    const viewer = api.streams.watchStream({ streamId: stream.id, sessionId: 'phone' }, bearer(token));
    const viewerDone = collect(viewer).catch((e) => e);
    await events.until(viewerCount(1));
    viewer.cancel();
    await events.until(viewerCount(0));
    host.cancel();
    const err = await done.then(() => assert.fail('the watch ended on its own'), (e) => e);
    assert.equal(err.code, grpc.status.CANCELLED);
    const versions = err.messages.map((m) => Number(m.event.version));
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions never go back');
    assert.equal(new Set(versions).size, versions.length, 'each event has a new version');
    assert.equal((await viewerDone).code, grpc.status.CANCELLED);
  });

  test('a long server stream: WatchStream delivers every one of 300 rapid edits, in order', async () => {
    const { stream, hostSecret } = await create('Edited often');
    const call = api.streams.watchStream({ streamId: stream.id });
    const events = messageQueue(call);
    const done = collect(call).catch((e) => e);
    assert.equal((await events.next()).event.event, 'snapshot');
    for (let i = 0; i < 300; i++) {
      await unary(api.streams, 'updateStream', { stream: { id: stream.id, title: `edit ${i}` }, updateMask: { paths: ['title'] } }, { metadata: bearer(hostSecret) });
    }
    for (let i = 0; i < 300; i++) {
      assert.equal((await events.next()).event.streamUpdated.title, `edit ${i}`);
    }
    call.cancel();
    assert.equal((await done).code, grpc.status.CANCELLED);
  });

  test('concurrent calls on one channel: 100 unary calls and 20 watches at once each get their own answer', async () => {
    const streams = await Promise.all(Array.from({ length: 20 }, (_, i) => create(`concurrent ${i}`)));
    const gets = Array.from({ length: 100 }, (_, i) => unary(api.streams, 'getStream', { streamId: streams[i % 20].stream.id }));
    const watches = streams.map(({ stream }) => {
      const call = api.streams.watchStream({ streamId: stream.id });
      const events = messageQueue(call);
      const done = collect(call).catch((e) => e);
      return events.next().then((first) => { call.cancel(); return done.then(() => first); });
    });
    (await Promise.all(gets)).forEach((response, i) => assert.equal(response.stream.id, streams[i % 20].stream.id));
    (await Promise.all(watches)).forEach((first, i) => assert.equal(first.event.snapshot.id, streams[i].stream.id));
  });

  test('a request over the 4 MiB receive limit fails with RESOURCE_EXHAUSTED, and the server keeps serving', async () => {
    const err = await failure(unary(api.streams, 'createStream', { stream: { title: 'x'.repeat(4 * MiB + 1) } }));
    assert.equal(err.code, grpc.status.RESOURCE_EXHAUSTED, err.message);
    // Grpc.AspNetCore says what was exceeded without the number (the old layer named 4194304).
    assert.match(err.details, /exceeds the maximum configured message size/);
    assert.ok((await create('still serving')).stream.id);
  });

  test('a 3 MiB request is read whole and judged by the service: INVALID_ARGUMENT naming stream.title', async () => {
    const err = await failure(unary(api.streams, 'createStream', { stream: { title: 'x'.repeat(3 * MiB) } }));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT, err.message);
    assert.deepEqual(richStatus(err).badRequest.field_violations.map((v) => v.field), ['stream.title']);
  });

  test('a viewer WatchStream with a deadline ends DEADLINE_EXCEEDED and the viewer is released', async () => {
    const live = await liveStreamWithHostWatch();
    const viewer = api.streams.watchStream({ streamId: live.stream.id }, bearer(await live.viewerToken()), { deadline: deadlineIn(1_500) });
    const done = collect(viewer);
    await live.events.until(viewerCount(1));
    const err = await done.then(() => assert.fail('the watch ended OK'), (e) => e);
    assert.equal(err.code, grpc.status.DEADLINE_EXCEEDED);
    assert.equal(err.messages[0].event.event, 'snapshot', 'the snapshot arrived before the deadline');
    await live.events.until(viewerCount(0));
    live.host.cancel();
  });

  test('with no client-side timer, the server ends WatchStream at its grpc-timeout with DEADLINE_EXCEEDED after the snapshot (raw HTTP/2)', async () => {
    const { stream } = await create('Raw deadline');
    const session = http2.connect(`http://${server.grpcAddress}`);
    try {
      const started = Date.now();
      const response = await rawCall(session, {
        path: '/livegrpc.v1.StreamService/WatchStream',
        headers: { 'grpc-timeout': '500m' },
        body: frame(types.WatchStreamRequest.encode({ stream_id: stream.id }).finish()),
      });
      const elapsed = Date.now() - started;
      assert.equal(response.grpcStatus, grpc.status.DEADLINE_EXCEEDED);
      assert.ok(elapsed >= 400 && elapsed < 10_000, `ended after ${elapsed} ms`);
      const [first] = messagesOf(response.body);
      assert.equal(types.WatchStreamResponse.decode(first).event.snapshot.id, stream.id);
    } finally {
      session.close();
    }
  });

  test('short deadlines always end in DEADLINE_EXCEEDED, never UNKNOWN or OK (raw HTTP/2, 50 WatchStream calls)', async () => {
    const { stream } = await create('Short deadlines');
    const session = http2.connect(`http://${server.grpcAddress}`);
    try {
      const statuses = {};
      for (let i = 0; i < 50; i++) {
        const { grpcStatus } = await rawCall(session, {
          path: '/livegrpc.v1.StreamService/WatchStream',
          headers: { 'grpc-timeout': '20m' },
          body: frame(types.WatchStreamRequest.encode({ stream_id: stream.id }).finish()),
        });
        statuses[grpcStatus] = (statuses[grpcStatus] ?? 0) + 1;
      }
      assert.deepEqual(statuses, { [grpc.status.DEADLINE_EXCEEDED]: 50 });
    } finally {
      session.close();
    }
  });

  test("cancelling a viewer's WatchStream releases the viewer", async () => {
    const live = await liveStreamWithHostWatch();
    const viewer = api.streams.watchStream({ streamId: live.stream.id }, bearer(await live.viewerToken()));
    const done = collect(viewer);
    const viewerEvents = messageQueue(viewer);
    assert.equal((await viewerEvents.next()).event.snapshot.status, 'STREAM_STATUS_LIVE');
    await live.events.until(viewerCount(1));
    viewer.cancel();
    assert.equal((await done.then(() => null, (e) => e)).code, grpc.status.CANCELLED);
    await live.events.until(viewerCount(0));
    assert.equal((await unary(api.streams, 'getStream', { streamId: live.stream.id })).stream.viewerCount, 0);
    live.host.cancel();
  });

  test('INVALID_ARGUMENT carries google.rpc.BadRequest field violations, decoded with protobufjs (CreateStream, ListStreams)', async () => {
    const noTitle = await failure(unary(api.streams, 'createStream', { stream: { title: '' } }));
    assert.equal(noTitle.code, grpc.status.INVALID_ARGUMENT);
    const created = richStatus(noTitle);
    assert.equal(created.status.code, grpc.status.INVALID_ARGUMENT);
    assert.equal(created.status.message, noTitle.details, 'google.rpc.Status repeats grpc-message');
    assert.equal(created.status.details[0].type_url, 'type.googleapis.com/google.rpc.BadRequest');
    assert.equal(created.badRequest.field_violations.length, 1);
    assert.equal(created.badRequest.field_violations[0].field, 'stream.title');
    assert.ok(created.badRequest.field_violations[0].description.length > 0);

    const pageSize = await failure(unary(api.streams, 'listStreams', { pageSize: 1000 }));
    assert.equal(pageSize.code, grpc.status.INVALID_ARGUMENT);
    const [violation] = richStatus(pageSize).badRequest.field_violations;
    assert.equal(violation.field, 'page_size');
    assert.match(violation.description, /1000/);
  });

  test('each status the API produces arrives with its message', async () => {
    const { stream, hostSecret } = await create('Statuses');
    const cases = [
      ['NOT_FOUND', () => unary(api.streams, 'getStream', { streamId: 'st_000000000000' }), /st_000000000000/],
      ['PERMISSION_DENIED', () => unary(api.streams, 'startStream', { streamId: stream.id }, { metadata: bearer('lgs_wrong') }), /secret/i],
      ['UNAUTHENTICATED', () => unary(api.streams, 'startStream', { streamId: stream.id }, { metadata: bearer('not.a.token') }), /token/],
      ['FAILED_PRECONDITION', () => unary(api.tokens, 'createInvite', { streamId: stream.id }, { metadata: bearer(hostSecret) }), /PRIVATE/],
    ];
    for (const [name, call, message] of cases) {
      const err = await failure(call());
      assert.equal(err.code, grpc.status[name], `${name}: ${err.message}`);
      assert.match(err.details, message, name);
    }
  });

  test('a non-ASCII status message arrives intact, percent-encoded ASCII on the wire (raw HTTP/2)', async () => {
    const expected = `Stream "${nonAscii}" does not exist.`;
    const err = await failure(unary(api.streams, 'getStream', { streamId: nonAscii }));
    assert.equal(err.code, grpc.status.NOT_FOUND);
    assert.equal(err.details, expected);

    const session = http2.connect(`http://${server.grpcAddress}`);
    try {
      const response = await rawCall(session, {
        path: '/livegrpc.v1.StreamService/GetStream',
        body: frame(types.GetStreamRequest.encode({ stream_id: nonAscii }).finish()),
      });
      assert.equal(response.grpcStatus, grpc.status.NOT_FOUND);
      assert.match(response.rawGrpcMessage, /^[\x20-\x7e]*$/, 'grpc-message is printable ASCII');
      assert.ok(response.rawGrpcMessage.includes('%25'), 'a literal % is escaped too');
      assert.equal(response.grpcMessage, expected);
    } finally {
      session.close();
    }
  });

  test('custom text and binary metadata travel with a call without disturbing it; error details come back as binary metadata', async () => {
    const metadata = bearer('lgs_wrong');
    metadata.set('x-request-tag', 'suite');
    metadata.set('x-trace-bin', Buffer.from([0x00, 0xff, 0x80]));
    const { stream } = await create('Metadata');
    const err = await failure(unary(api.streams, 'startStream', { streamId: stream.id }, { metadata }));
    assert.equal(err.code, grpc.status.PERMISSION_DENIED, 'authorization was read among the other entries');

    const withTag = new grpc.Metadata();
    withTag.set('x-trace-bin', Buffer.from([1, 2, 3]));
    assert.equal((await unary(api.streams, 'getStream', { streamId: stream.id }, { metadata: withTag })).stream.id, stream.id);

    const invalid = await failure(unary(api.streams, 'listStreams', { pageSize: -1 }, { metadata: withTag }));
    assert.ok(Buffer.isBuffer(invalid.metadata.get('grpc-status-details-bin')[0]));
  });

  test('an unknown method or service is UNIMPLEMENTED', async () => {
    const client = new grpc.Client(server.grpcAddress, grpc.credentials.createInsecure());
    const call = (path) => new Promise((resolve) => {
      client.makeUnaryRequest(path, (x) => x, (x) => x, Buffer.alloc(0), (err) => resolve(err));
    });
    try {
      assert.equal((await call('/livegrpc.v1.StreamService/NoSuchMethod')).code, grpc.status.UNIMPLEMENTED);
      assert.equal((await call('/livegrpc.v9.NoSuchService/Call')).code, grpc.status.UNIMPLEMENTED);
    } finally {
      client.close();
    }
  });

  test('/metrics on the web port counts calls by method and the status each call really ended with', async () => {
    const count = async (method, code) => {
      const text = await (await fetch(`${server.webUrl}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith('rpc_server_duration_milliseconds_count{')
        && l.includes(`rpc_method="/livegrpc.v1.StreamService/${method}"`) && l.includes(`rpc_grpc_status_code="${code}"`));
      return line ? Number(line.split(' ').at(-1)) : 0;
    };
    const expected = [['GetStream', 0], ['GetStream', 5], ['WatchStream', 1], ['WatchStream', 4]];
    const before = await Promise.all(expected.map(([method, code]) => count(method, code)));

    const { stream } = await create('Counted');
    await unary(api.streams, 'getStream', { streamId: stream.id });
    await unary(api.streams, 'getStream', { streamId: stream.id });
    await failure(unary(api.streams, 'getStream', { streamId: 'st_000000000000' }));
    // A watch the caller cancels, and one the server ends at its deadline (no client timer).
    const watch = api.streams.watchStream({ streamId: stream.id });
    const cancelled = collect(watch).catch((e) => e);
    await messageQueue(watch).next();
    watch.cancel();
    await cancelled;
    const session = http2.connect(`http://${server.grpcAddress}`);
    try {
      const { grpcStatus } = await rawCall(session, {
        path: '/livegrpc.v1.StreamService/WatchStream',
        headers: { 'grpc-timeout': '200m' },
        body: frame(types.WatchStreamRequest.encode({ stream_id: stream.id }).finish()),
      });
      assert.equal(grpcStatus, grpc.status.DEADLINE_EXCEEDED);
    } finally {
      session.close();
    }

    // The exporter caches a scrape for a moment (300 ms), and a cancelled call is counted once the
    // server has seen the reset: read until the new calls show.
    const want = before.map((n, i) => n + [2, 1, 1, 1][i]);
    let counts;
    for (let i = 0; i < 30; i++) {
      counts = await Promise.all(expected.map(([method, code]) => count(method, code)));
      if (counts.every((n, j) => n === want[j])) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(counts, want, 'GetStream OK, GetStream NOT_FOUND, WatchStream CANCELLED, WatchStream DEADLINE_EXCEEDED');
  });

  test('gzip-compressed requests are accepted', async () => {
    const gzip = liveGrpcClients(server.grpcAddress, { 'grpc.default_compression_algorithm': 2 });
    try {
      const { stream } = await unary(gzip.streams, 'createStream', { stream: { title: 'compressed '.repeat(10) } });
      assert.equal((await unary(gzip.streams, 'getStream', { streamId: stream.id })).stream.title, 'compressed '.repeat(10).trim());
    } finally {
      gzip.close();
    }
  });
});

describe('a server with a low token issuance limit and response compression on', { timeout: 60_000 }, () => {
  let server;
  let api;

  before(async () => {
    server = await startLiveGrpcServer({
      args: ['--Tokens:IssuancePermitsPerSecond=1', '--Tokens:IssuanceBurst=2', '--Grpc:CompressResponses=true'],
    });
    api = liveGrpcClients(server.grpcAddress);
  });

  after(async () => {
    api?.close();
    await server?.stop();
  });

  test('beyond the issuance limit: RESOURCE_EXHAUSTED with google.rpc.RetryInfo saying when to retry', async () => {
    const { stream } = await unary(api.streams, 'createStream', { stream: { title: 'Limited' } });
    let err;
    for (let i = 0; i < 5 && !err; i++) {
      err = await unary(api.tokens, 'createViewerToken', { streamId: stream.id }).then(() => undefined, (e) => e);
    }
    assert.ok(err, 'the limit was reached');
    assert.equal(err.code, grpc.status.RESOURCE_EXHAUSTED);
    const { retryInfo } = richStatus(err);
    const delayMs = Number(retryInfo.retry_delay.seconds) * 1000 + retryInfo.retry_delay.nanos / 1e6;
    assert.ok(delayMs > 0 && delayMs <= 1000, `retry after ${delayMs} ms`);
  });

  test('with Grpc:CompressResponses, responses are gzip-compressed for clients that accept gzip, and grpc-js reads them', async () => {
    const description = 'squeeze me '.repeat(100).trim();
    const { stream } = await unary(api.streams, 'createStream', { stream: { title: 'Compressed', description } });
    assert.equal((await unary(api.streams, 'getStream', { streamId: stream.id })).stream.description, description);
    const session = http2.connect(`http://${server.grpcAddress}`);
    try {
      const response = await rawCall(session, {
        path: '/livegrpc.v1.StreamService/GetStream',
        headers: { 'grpc-accept-encoding': 'identity,gzip' },
        body: frame(types.GetStreamRequest.encode({ stream_id: stream.id }).finish()),
      });
      assert.equal(response.grpcStatus, 0);
      assert.equal(response.headers['grpc-encoding'], 'gzip');
      assert.equal(response.body[0], 1, 'the message carries the compressed flag');
      assert.ok(response.body.length < description.length, 'and is smaller than the description alone');
    } finally {
      session.close();
    }
  });
});
