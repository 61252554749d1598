// Malformed input on the wire to a real livegrpc.v1 method, sent with node:http2 so nothing is
// tidied up on the way: each request gets a precise answer, and the same connection keeps
// serving ordinary calls after it. Where Grpc.AspNetCore answers differently from the layer it
// replaced, the test name says so and why the answer is still right.
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { after, before, describe, test } from 'node:test';
import { startLiveGrpcServer } from './livegrpc-server.mjs';
import { frame, rawCall, types } from './grpc-support.mjs';

const listStreams = '/livegrpc.v1.StreamService/ListStreams';
const getStream = '/livegrpc.v1.StreamService/GetStream';

describe('malformed requests on the wire', { timeout: 60_000 }, () => {
  let server;
  let session;

  before(async () => {
    server = await startLiveGrpcServer();
    session = http2.connect(`http://${server.grpcAddress}`);
  });

  after(async () => {
    session?.close();
    await server?.stop();
  });

  /** ListStreams with an empty request (every field default): an ordinary call that succeeds. */
  const send = (options = {}) => rawCall(session, { path: listStreams, ...options });

  /** After every bad request, an ordinary call on the same connection still succeeds. */
  async function assertStillServing() {
    const ok = await send();
    assert.equal(ok.grpcStatus, 0, `ordinary call after the bad one: ${ok.grpcMessage}`);
  }

  test('a frame cut inside its 5-byte header: INTERNAL, incomplete message', async () => {
    const result = await send({ body: Buffer.from([0, 0, 0]) });
    assert.equal(result.grpcStatus, 13);
    assert.match(result.grpcMessage, /incomplete/i);
    await assertStillServing();
  });

  test('a length prefix larger than the body: INTERNAL, incomplete message', async () => {
    const result = await send({ body: frame([0x08, 0x02], { declaredLength: 100 }) });
    assert.equal(result.grpcStatus, 13);
    assert.match(result.grpcMessage, /incomplete/i);
    await assertStillServing();
  });

  test('bytes that are not valid protobuf: UNKNOWN without internals (Grpc.AspNetCore reports a request it cannot parse as a failed handler; the old layer said INTERNAL)', async () => {
    // Field 1, wire type 2 (length-delimited) claiming 127 bytes that are not there.
    const result = await send({ path: getStream, body: frame([0x0a, 0x7f, 0x01]) });
    assert.equal(result.grpcStatus, 2);
    assert.doesNotMatch(result.grpcMessage, /Exception:|at Google\.Protobuf/, 'no exception text reaches the caller');
    await assertStillServing();
  });

  test('a compressed flag on a call without grpc-encoding: INTERNAL', async () => {
    const result = await send({ body: frame([], { flags: 1 }) });
    assert.equal(result.grpcStatus, 13);
    assert.match(result.grpcMessage, /grpc-encoding/);
    await assertStillServing();
  });

  test('a malformed grpc-timeout is ignored, so the call runs without a deadline and succeeds (Grpc.AspNetCore\'s choice; the old layer failed it with INTERNAL)', async () => {
    for (const timeout of ['abc', '10', '123456789S', '5x']) {
      const result = await send({ headers: { 'grpc-timeout': timeout } });
      assert.equal(result.grpcStatus, 0, `grpc-timeout: ${timeout}`);
    }
    await assertStillServing();
  });

  test('a message compressed with an unknown grpc-encoding: UNIMPLEMENTED with grpc-accept-encoding listing what works', async () => {
    const result = await send({ headers: { 'grpc-encoding': 'br' }, body: frame([1, 2, 3], { flags: 1 }) });
    assert.equal(result.grpcStatus, 12);
    assert.match(result.headers['grpc-accept-encoding'], /gzip/);
    await assertStillServing();
  });

  test('a GET on a gRPC method: HTTP 404 without a gRPC status (Grpc.AspNetCore maps methods for POST only; the old layer answered 405 with UNIMPLEMENTED)', async () => {
    const result = await send({ method: 'GET' });
    assert.equal(result.httpStatus, 404);
    assert.equal(result.grpcStatus, undefined);
    assert.equal(result.body.length, 0, 'not the web client page either');
    await assertStillServing();
  });

  test('a content-type that is not gRPC: HTTP 415 with INTERNAL', async () => {
    const result = await send({ headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') });
    assert.equal(result.httpStatus, 415);
    assert.equal(result.grpcStatus, 13);
    await assertStillServing();
  });

  test('two messages on a unary call: INTERNAL, not silently truncated', async () => {
    const result = await send({ body: Buffer.concat([frame([]), frame([])]) });
    assert.equal(result.grpcStatus, 13);
    await assertStillServing();
  });

  test('no message at all on a unary call: INTERNAL', async () => {
    const result = await send({ body: Buffer.alloc(0) });
    assert.equal(result.grpcStatus, 13);
    await assertStillServing();
  });

  test('WatchStream: bytes that are not protobuf fail before any message, an empty stream id is INVALID_ARGUMENT', async () => {
    const result = await rawCall(session, { path: '/livegrpc.v1.StreamService/WatchStream', body: frame([0x0a, 0x7f]) });
    assert.notEqual(result.grpcStatus, 0);
    assert.equal(result.body.length, 0);
    const bad = await rawCall(session, {
      path: '/livegrpc.v1.StreamService/WatchStream',
      body: frame(types.WatchStreamRequest.encode({ stream_id: '' }).finish()),
    });
    assert.equal(bad.grpcStatus, 3, 'an empty stream id is INVALID_ARGUMENT');
    await assertStillServing();
  });
});
