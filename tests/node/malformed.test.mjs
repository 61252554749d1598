// Malformed input on the wire, sent with node:http2 so nothing is tidied up on the way: each
// request gets a precise status, and the same connection keeps serving ordinary calls after it.
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { after, before, describe, test } from 'node:test';
import { startInteropServer } from './interop-server.mjs';

const emptyCall = '/grpc.testing.TestService/EmptyCall';
const unaryCall = '/grpc.testing.TestService/UnaryCall';

/** A length-prefixed frame; `declaredLength` may lie about the payload. */
function frame(payload, { flags = 0, declaredLength = payload.length } = {}) {
  const header = Buffer.alloc(5);
  header[0] = flags;
  header.writeUInt32BE(declaredLength, 1);
  return Buffer.concat([header, Buffer.from(payload)]);
}

/** Sends raw headers and body; resolves with the HTTP status, headers, trailers and gRPC status. */
function send(session, { path = emptyCall, method = 'POST', headers = {}, body = frame([]) } = {}) {
  const stream = session.request({
    ':method': method, ':path': path, 'content-type': 'application/grpc', te: 'trailers', ...headers,
  }, { endStream: method === 'GET' });
  return new Promise((resolve, reject) => {
    let responseHeaders;
    let trailers = {};
    stream.on('response', (h) => { responseHeaders = h; });
    stream.on('trailers', (t) => { trailers = t; });
    stream.on('end', () => {
      const source = trailers['grpc-status'] !== undefined ? trailers : responseHeaders;
      resolve({
        httpStatus: responseHeaders[':status'],
        headers: responseHeaders,
        grpcStatus: Number(source['grpc-status']),
        grpcMessage: decodeURIComponent(source['grpc-message'] ?? ''),
      });
    });
    stream.on('error', reject);
    stream.resume();
    if (method !== 'GET') stream.end(body);
  });
}

describe('malformed requests on the wire', { timeout: 60_000 }, () => {
  let server;
  let session;

  before(async () => {
    server = await startInteropServer();
    session = http2.connect(`http://${server.address}`);
  });

  after(async () => {
    session?.close();
    await server?.stop();
  });

  /** After every bad request, an ordinary call on the same connection still succeeds. */
  async function assertStillServing() {
    const ok = await send(session);
    assert.equal(ok.grpcStatus, 0, `ordinary call after the bad one: ${ok.grpcMessage}`);
  }

  test('a frame cut inside its 5-byte header: INTERNAL', async () => {
    const result = await send(session, { body: Buffer.from([0, 0, 0]) });
    assert.equal(result.grpcStatus, 13);
    assert.match(result.grpcMessage, /incomplete/i);
    await assertStillServing();
  });

  test('a length prefix larger than the body: INTERNAL', async () => {
    const result = await send(session, { body: frame([0x0a, 0x02], { declaredLength: 100 }) });
    assert.equal(result.grpcStatus, 13);
    assert.match(result.grpcMessage, /incomplete/i);
    await assertStillServing();
  });

  test('bytes that are not valid protobuf: INTERNAL, naming deserialization', async () => {
    // Field 1, wire type 2 (length-delimited) claiming 127 bytes that are not there.
    const result = await send(session, { path: unaryCall, body: frame([0x0a, 0x7f, 0x01]) });
    assert.equal(result.grpcStatus, 13);
    assert.match(result.grpcMessage, /deserialize/i);
    await assertStillServing();
  });

  test('a compressed flag on a call whose grpc-encoding is identity: INTERNAL', async () => {
    const result = await send(session, { body: frame([], { flags: 1 }) });
    assert.equal(result.grpcStatus, 13);
    await assertStillServing();
  });

  test('a malformed grpc-timeout: INTERNAL, naming the header', async () => {
    for (const timeout of ['abc', '10', '123456789S', '5x']) {
      const result = await send(session, { headers: { 'grpc-timeout': timeout } });
      assert.equal(result.grpcStatus, 13, `grpc-timeout: ${timeout}`);
      assert.match(result.grpcMessage, /grpc-timeout/);
    }
    await assertStillServing();
  });

  test('an unknown grpc-encoding: UNIMPLEMENTED with grpc-accept-encoding listing what works', async () => {
    const result = await send(session, { headers: { 'grpc-encoding': 'br' } });
    assert.equal(result.grpcStatus, 12);
    assert.match(result.headers['grpc-accept-encoding'], /gzip/);
    await assertStillServing();
  });

  test('a non-POST request: HTTP 405, Allow: POST, UNIMPLEMENTED', async () => {
    const result = await send(session, { method: 'GET' });
    assert.equal(result.httpStatus, 405);
    assert.equal(result.headers.allow, 'POST');
    assert.equal(result.grpcStatus, 12);
    await assertStillServing();
  });

  test('a content-type that is not gRPC: HTTP 415', async () => {
    const result = await send(session, { headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') });
    assert.equal(result.httpStatus, 415);
    assert.equal(result.grpcStatus, 13);
    await assertStillServing();
  });

  test('two messages on a unary call: rejected, not silently truncated', async () => {
    const result = await send(session, { body: Buffer.concat([frame([]), frame([])]) });
    assert.notEqual(result.grpcStatus, 0);
    await assertStillServing();
  });

  test('no message at all on a unary call: INTERNAL', async () => {
    const result = await send(session, { body: Buffer.alloc(0) });
    assert.equal(result.grpcStatus, 13);
    await assertStillServing();
  });
});
