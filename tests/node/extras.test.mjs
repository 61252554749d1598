// Beyond the interop cases: @grpc/grpc-js (and, for the raw wire format, node:http2) against
// LiveGrpc.Interop.Server — large and long streams, size limits, deadlines and cancellation seen
// by the handler, every status code, metadata both ways, and google.rpc.Status error details.
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  collect, deadlineIn, grpc, loadProtos, messageQueue, require, startInteropServer, thirdPartyProtos, testProtos, unary,
} from './interop-server.mjs';

const protobuf = require('protobufjs');
const packages = loadProtos('grpc/testing/test.proto', 'livegrpc/interop/v1/extras.proto');
const testing = packages.grpc.testing;
const extras = packages.livegrpc.interop.v1;

// protobufjs types for decoding raw bytes: google.rpc.Status/BadRequest and the ExtrasService messages.
const root = new protobuf.Root();
root.resolvePath = (_origin, target) => {
  for (const dir of [thirdPartyProtos, testProtos]) {
    const candidate = path.join(dir, target);
    if (require('node:fs').existsSync(candidate)) return candidate;
  }
  return target; // google/protobuf/*.proto: bundled with protobufjs
};
root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto', 'livegrpc/interop/v1/extras.proto'], { keepCase: true });
const RpcStatus = root.lookupType('google.rpc.Status');
const BadRequest = root.lookupType('google.rpc.BadRequest');
const FailRequest = root.lookupType('livegrpc.interop.v1.FailRequest');
const SleepRequest = root.lookupType('livegrpc.interop.v1.SleepRequest');

/** One gRPC call over a raw HTTP/2 session: a single length-prefixed message, no client-side deadline. */
function rawCall(session, path_, message, extraHeaders = {}) {
  const payload = Buffer.from(message);
  const frame = Buffer.alloc(5 + payload.length);
  frame.writeUInt32BE(payload.length, 1);
  payload.copy(frame, 5);
  const stream = session.request({
    ':method': 'POST', ':path': path_, 'content-type': 'application/grpc', te: 'trailers', ...extraHeaders,
  });
  return new Promise((resolve, reject) => {
    let headers;
    let trailers = {};
    stream.on('response', (h) => { headers = h; });
    stream.on('trailers', (t) => { trailers = t; });
    stream.on('end', () => resolve({ headers, trailers }));
    stream.on('error', reject);
    stream.resume();
    stream.end(frame);
  });
}

const MiB = 1024 * 1024;
let keySeq = 0;
const uniqueKey = (name) => `${name}-${process.pid}-${Date.now()}-${keySeq++}`;

describe('LiveGrpc.Rpc beyond the interop cases', { timeout: 120_000 }, () => {
  let server;
  let test_;
  let ext;

  before(async () => {
    server = await startInteropServer();
    const options = { 'grpc.max_receive_message_length': 16 * MiB, 'grpc.max_send_message_length': 16 * MiB };
    test_ = new testing.TestService(server.address, grpc.credentials.createInsecure(), options);
    ext = new extras.ExtrasService(server.address, grpc.credentials.createInsecure(), options);
  });

  after(async () => {
    test_?.close();
    ext?.close();
    await server?.stop();
  });

  test('unary', async () => {
    const response = await unary(ext, 'echo', { text: 'hello, LiveGrpc' });
    assert.equal(response.text, 'hello, LiveGrpc');
  });

  test('server streaming of 1,000 messages', async () => {
    const count = 1000;
    const request = { responseParameters: Array.from({ length: count }, (_, i) => ({ size: i % 100 })) };
    const { messages, status } = await collect(test_.streamingOutputCall(request));
    assert.equal(status.code, grpc.status.OK);
    assert.equal(messages.length, count);
    messages.forEach((m, i) => assert.equal(m.payload?.body.length ?? 0, i % 100, `message ${i}`));
  });

  test('concurrent calls on one channel: 100 large unary calls and 50 bidi streams at once', async () => {
    const unaries = Array.from({ length: 100 }, () =>
      unary(test_, 'unaryCall', { responseSize: 314159, payload: { body: Buffer.alloc(271828) } }));
    const streams = Array.from({ length: 50 }, async () => {
      const call = test_.fullDuplexCall();
      const done = collect(call);
      for (let i = 0; i < 20; i++) call.write({ responseParameters: [{ size: 1000 + i }], payload: { body: Buffer.alloc(1000) } });
      call.end();
      return (await done).messages.map((m) => m.payload.body.length);
    });
    for (const response of await Promise.all(unaries)) {
      assert.equal(response.payload.body.length, 314159);
    }
    const expected = Array.from({ length: 20 }, (_, i) => 1000 + i);
    for (const sizes of await Promise.all(streams)) {
      assert.deepEqual(sizes, expected, 'each stream gets its own responses, in order');
    }
  });

  test('a 3 MiB message each way', async () => {
    const body = Buffer.alloc(3 * MiB, 7);
    const response = await unary(test_, 'unaryCall', { responseSize: 3 * MiB, payload: { body } });
    assert.equal(response.payload.body.length, 3 * MiB);
  });

  test('a message over the 4 MiB receive limit fails with RESOURCE_EXHAUSTED, and the server keeps serving', async () => {
    const body = Buffer.alloc(4 * MiB + 1);
    await assert.rejects(unary(test_, 'unaryCall', { responseSize: 1, payload: { body } }), (err) => {
      assert.equal(err.code, grpc.status.RESOURCE_EXHAUSTED, err.message);
      assert.match(err.details, /4194304/, 'the server names its limit');
      return true;
    });
    const response = await unary(ext, 'echo', { text: 'still serving' });
    assert.equal(response.text, 'still serving');
  });

  test('deadline exceeded: DEADLINE_EXCEEDED, and the handler sees its cancellation token fire', async () => {
    const key = uniqueKey('sleep');
    const started = Date.now();
    await assert.rejects(unary(ext, 'sleep', { key, durationMs: 10_000 }, { deadline: deadlineIn(300) }),
      (err) => err.code === grpc.status.DEADLINE_EXCEEDED);
    assert.ok(Date.now() - started < 5_000, 'the call ended near its deadline');
    const report = await unary(ext, 'getReport', { key, waitMs: 5_000 });
    assert.equal(report.finished, true, 'the handler finished');
    assert.equal(report.hadDeadline, true, 'the handler saw the deadline');
    // grpc-js also cancels the stream at its own deadline, which can reach the server a moment
    // before the server's timer fires; either way the handler's token must fire.
    assert.equal(report.observedCancellation, true, 'the handler observed cancellation');
  });

  test('deadline exceeded with no client-side timer: the server ends the call itself (raw HTTP/2)', async () => {
    const key = uniqueKey('raw-sleep');
    const session = http2.connect(`http://${server.address}`);
    try {
      const started = Date.now();
      const { headers, trailers } = await rawCall(session, '/livegrpc.interop.v1.ExtrasService/Sleep',
        SleepRequest.encode({ key, duration_ms: 10_000 }).finish(), { 'grpc-timeout': '300m' });
      const elapsed = Date.now() - started;
      assert.equal({ ...headers, ...trailers }['grpc-status'], String(grpc.status.DEADLINE_EXCEEDED));
      assert.ok(elapsed >= 250 && elapsed < 5_000, `ended after ${elapsed} ms`);
    } finally {
      session.close();
    }
    const report = await unary(ext, 'getReport', { key, waitMs: 5_000 });
    assert.equal(report.finished, true, 'the handler finished');
    assert.equal(report.observedCancellation, true, 'the handler observed cancellation');
    assert.equal(report.deadlinePassed, true, 'cancelled by the deadline, not by the client');
  });

  test('short deadlines always end in DEADLINE_EXCEEDED, never UNKNOWN (raw HTTP/2, 100 calls)', async () => {
    // Regression: the deadline timer can fire a few ms before DateTime.UtcNow reaches the
    // deadline; the server once mapped the handler's OperationCanceledException to UNKNOWN then.
    const session = http2.connect(`http://${server.address}`);
    try {
      const statuses = {};
      for (let i = 0; i < 100; i++) {
        const { headers, trailers } = await rawCall(session, '/livegrpc.interop.v1.ExtrasService/Sleep',
          SleepRequest.encode({ key: uniqueKey('short'), duration_ms: 10_000 }).finish(), { 'grpc-timeout': '20m' });
        const status = { ...headers, ...trailers }['grpc-status'];
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
      assert.deepEqual(statuses, { [grpc.status.DEADLINE_EXCEEDED]: 100 });
    } finally {
      session.close();
    }
  });

  test('client cancellation mid-stream is observed by the handler', async () => {
    const key = uniqueKey('tick');
    const call = ext.tick({ key, intervalMs: 20 });
    const done = collect(call);
    const queue = messageQueue(call);
    for (let i = 0; i < 3; i++) {
      assert.equal((await queue.next()).count, i);
    }
    call.cancel();
    await assert.rejects(done, (err) => err.code === grpc.status.CANCELLED);
    const report = await unary(ext, 'getReport', { key, waitMs: 5_000 });
    assert.equal(report.finished, true, 'the handler finished');
    assert.equal(report.observedCancellation, true, 'the handler observed cancellation');
    assert.equal(report.deadlinePassed, false);
    assert.ok(report.messagesSent >= 3, `sent ${report.messagesSent}`);
  });

  const nonAscii = (code) => `code ${code}: héllo wörld, 100% ☺ 😈 \t\r\n ok`;

  test('every status code 1..16 with a non-ASCII message arrives intact', async () => {
    for (let code = 1; code <= 16; code++) {
      const message = nonAscii(code);
      await assert.rejects(unary(ext, 'fail', { code, message }), (err) => {
        assert.equal(err.code, code, `code ${code}`);
        assert.equal(err.details, message, `message for code ${code}`);
        return true;
      });
    }
  });

  test('grpc-message is percent-encoded on the wire (raw HTTP/2)', async () => {
    const session = http2.connect(`http://${server.address}`);
    try {
      const message = nonAscii(9);
      const { headers, trailers } = await rawCall(session, '/livegrpc.interop.v1.ExtrasService/Fail', FailRequest.encode({ code: 9, message }).finish());
      // Trailers-only responses put grpc-status in the headers frame.
      const all = { ...headers, ...trailers };
      assert.equal(all['grpc-status'], '9');
      const raw = all['grpc-message'];
      assert.match(raw, /^[\x20-\x7e]*$/, 'grpc-message is printable ASCII');
      assert.ok(raw.includes('%'), 'non-ASCII bytes are percent-encoded');
      assert.equal(decodeURIComponent(raw), message);
    } finally {
      session.close();
    }
  });

  test('custom and binary metadata both ways', async () => {
    const binary = Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x80]);
    const metadata = new grpc.Metadata();
    metadata.set('x-echo-text', 'plain text value');
    metadata.set('x-echo-bin', binary);
    metadata.set('x-not-echoed', 'seen only by the handler');
    let initial;
    let status;
    const response = await unary(ext, 'echo', { text: 'md' }, {
      metadata,
      onMetadata: (m) => { initial = m; },
      onStatus: (s) => { status = s; },
    });
    // What the handler received.
    const received = Object.fromEntries(response.receivedMetadata.map((e) => [e.key, e]));
    assert.deepEqual(received['x-echo-text'], { key: 'x-echo-text', value: 'plain text value', binary: false });
    assert.deepEqual(received['x-echo-bin'], { key: 'x-echo-bin', value: binary.toString('base64'), binary: true });
    assert.equal(received['x-not-echoed'].value, 'seen only by the handler');
    // What came back: response headers and trailers.
    await new Promise((resolve) => setImmediate(resolve));
    for (const [where, md] of [['headers', initial], ['trailers', status.metadata]]) {
      assert.deepEqual(md.get('x-echo-text'), ['plain text value'], where);
      assert.deepEqual(md.get('x-echo-bin'), [binary], where);
      assert.deepEqual(md.get('x-not-echoed'), [], where);
    }
  });

  test('error details: grpc-status-details-bin decodes to google.rpc.Status with BadRequest', async () => {
    const violations = [
      { field: 'stream.title', description: 'must not be empty' },
      { field: 'page_size', description: 'must be between 1 and 100 — got 1000' },
    ];
    const err = await unary(ext, 'failWithDetails', { message: 'request is invalid', violations }).then(
      () => assert.fail('the call succeeded'), (e) => e);
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT);
    assert.equal(err.details, 'request is invalid');
    const [bytes] = err.metadata.get('grpc-status-details-bin');
    assert.ok(Buffer.isBuffer(bytes), 'grpc-status-details-bin is present as bytes');
    const status = RpcStatus.decode(bytes);
    assert.equal(status.code, grpc.status.INVALID_ARGUMENT);
    assert.equal(status.message, 'request is invalid');
    assert.equal(status.details.length, 1);
    assert.equal(status.details[0].type_url, 'type.googleapis.com/google.rpc.BadRequest');
    const badRequest = BadRequest.toObject(BadRequest.decode(status.details[0].value));
    assert.deepEqual(badRequest.field_violations, violations);
  });
});

describe('a server with a small receive limit (--max_receive_message_size 1024)', { timeout: 60_000 }, () => {
  let server;
  let client;

  before(async () => {
    server = await startInteropServer(['--max_receive_message_size', '1024']);
    client = new testing.TestService(server.address, grpc.credentials.createInsecure());
  });

  after(async () => {
    client?.close();
    await server?.stop();
  });

  const streamingInput = (sizes) => new Promise((resolve, reject) => {
    const call = client.streamingInputCall((err, r) => (err ? reject(err) : resolve(r)));
    for (const size of sizes) call.write({ payload: { body: Buffer.alloc(size) } });
    call.end();
  });
  const exhausted = (err) => {
    assert.equal(err.code, grpc.status.RESOURCE_EXHAUSTED, err.message);
    assert.match(err.details, /1024/, 'the server names its limit');
    return true;
  };

  test('a unary request under the limit succeeds', async () => {
    const response = await unary(client, 'unaryCall', { responseSize: 4096, payload: { body: Buffer.alloc(1000) } });
    assert.equal(response.payload.body.length, 4096, 'the receive limit does not cap responses');
  });

  test('a unary request over the limit fails with RESOURCE_EXHAUSTED', async () => {
    await assert.rejects(unary(client, 'unaryCall', { payload: { body: Buffer.alloc(2048) } }), exhausted);
  });

  test('a streamed message over the limit fails the call with RESOURCE_EXHAUSTED', async () => {
    assert.equal((await streamingInput([100, 1000, 500])).aggregatedPayloadSize, 1600);
    await assert.rejects(streamingInput([100, 2048]), exhausted);
  });

  test('the server keeps serving after rejecting', async () => {
    assert.deepEqual(await unary(client, 'emptyCall', {}), {});
  });
});
