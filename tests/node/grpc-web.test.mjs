// gRPC-Web the way a browser speaks it: fetch over HTTP/1.1 to the web port, binary
// application/grpc-web+proto bodies, trailers in a 0x80 frame at the end of the body.
// Uses livegrpc.v1.StreamService (as the web client calls it) and grpc.health.v1.Health on
// LiveGrpc.Server (Grpc.AspNetCore.Web).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startLiveGrpcServer } from './livegrpc-server.mjs';
import { frame, types } from './grpc-support.mjs';

const allowedOrigin = 'http://app.example.test';
let server;

before(async () => {
  server = await startLiveGrpcServer({ args: [`--Cors:AllowedOrigins:0=${allowedOrigin}`] });
});
after(async () => { await server?.stop(); });

/** HealthCheckRequest{service} as one length-prefixed frame. */
function healthRequest(service = '') {
  const name = Buffer.from(service, 'utf8');
  const message = name.length ? Buffer.concat([Buffer.from([0x0a, name.length]), name]) : Buffer.alloc(0);
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  message.copy(frame, 5);
  return frame;
}

/** Splits a gRPC-Web body into data messages and the parsed trailer frame. */
function parseFrames(body) {
  const messages = [];
  let trailers;
  let offset = 0;
  while (offset + 5 <= body.length) {
    const flags = body[offset];
    const length = body.readUInt32BE(offset + 1);
    const payload = body.subarray(offset + 5, offset + 5 + length);
    assert.equal(payload.length, length, 'frame is complete');
    if (flags & 0x80) {
      trailers = Object.fromEntries(payload.toString('ascii').trim().split('\r\n').map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
      }));
    } else {
      messages.push(payload);
    }
    offset += 5 + length;
  }
  assert.equal(offset, body.length, 'no bytes after the last frame');
  return { messages, trailers };
}

const grpcWebHeaders = { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1', accept: 'application/grpc-web+proto' };

/** A gRPC-Web POST of one message to the web port. */
const grpcWeb = (method, message, { headers = {}, signal } = {}) => fetch(`${server.webUrl}${method}`, {
  method: 'POST', headers: { ...grpcWebHeaders, ...headers }, body: frame(message), signal,
});

describe('gRPC-Web over HTTP/1.1', () => {
  test('StreamService unary calls as the web client makes them: CreateStream, then StartStream with the host secret, then GetStream', async () => {
    const created = await grpcWeb('/livegrpc.v1.StreamService/CreateStream',
      types.CreateStreamRequest.encode({ stream: { title: 'From a browser' } }).finish());
    assert.equal(created.status, 200);
    const createdFrames = parseFrames(Buffer.from(await created.arrayBuffer()));
    assert.equal(createdFrames.trailers['grpc-status'], '0');
    const { stream, host_secret: hostSecret } = types.CreateStreamResponse.decode(createdFrames.messages[0]);
    assert.match(stream.id, /^st_/);

    const started = await grpcWeb('/livegrpc.v1.StreamService/StartStream',
      types.StartStreamRequest.encode({ stream_id: stream.id }).finish(), { headers: { authorization: `Bearer ${hostSecret}` } });
    assert.equal(parseFrames(Buffer.from(await started.arrayBuffer())).trailers['grpc-status'], '0');

    const fetched = await grpcWeb('/livegrpc.v1.StreamService/GetStream', types.GetStreamRequest.encode({ stream_id: stream.id }).finish());
    const { messages, trailers } = parseFrames(Buffer.from(await fetched.arrayBuffer()));
    assert.equal(trailers['grpc-status'], '0');
    const got = types.GetStreamResponse.decode(messages[0]).stream;
    assert.equal(got.title, 'From a browser');
    assert.equal(got.status, 2 /* STREAM_STATUS_STARTING: no publisher session yet */);
  });

  test('WatchStream over gRPC-Web: the snapshot arrives while the call stays open', async () => {
    const created = await grpcWeb('/livegrpc.v1.StreamService/CreateStream', types.CreateStreamRequest.encode({ stream: { title: 'Watched from a browser' } }).finish());
    const { stream } = types.CreateStreamResponse.decode(parseFrames(Buffer.from(await created.arrayBuffer())).messages[0]);
    const abort = new AbortController();
    const response = await grpcWeb('/livegrpc.v1.StreamService/WatchStream', types.WatchStreamRequest.encode({ stream_id: stream.id }).finish(), { signal: abort.signal });
    assert.equal(response.status, 200);
    const reader = response.body.getReader();
    let buffered = Buffer.alloc(0);
    while (buffered.length < 5 || buffered.length < 5 + buffered.readUInt32BE(1)) {
      const { value, done } = await reader.read();
      assert.ok(!done, 'the stream stays open while watching');
      buffered = Buffer.concat([buffered, Buffer.from(value)]);
    }
    assert.equal(buffered[0], 0, 'a data frame, not trailers');
    const first = types.WatchStreamResponse.decode(buffered.subarray(5, 5 + buffered.readUInt32BE(1)));
    assert.equal(first.event.snapshot.id, stream.id);
    abort.abort();
  });

  test('an INVALID_ARGUMENT comes trailers-only with google.rpc.Status in grpc-status-details-bin, readable cross-origin', async () => {
    const response = await grpcWeb('/livegrpc.v1.StreamService/CreateStream',
      types.CreateStreamRequest.encode({ stream: { title: '' } }).finish(), { headers: { origin: allowedOrigin } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('grpc-status'), '3');
    const status = types.RpcStatus.decode(Buffer.from(response.headers.get('grpc-status-details-bin'), 'base64'));
    const badRequest = types.BadRequest.decode(status.details[0].value);
    assert.equal(badRequest.field_violations[0].field, 'stream.title');
    const exposed = (response.headers.get('access-control-expose-headers') ?? '').split(',').map((h) => h.trim());
    assert.ok(exposed.includes('grpc-status-details-bin'), `exposed: ${exposed}`);
  });

  test('unary Check: message frame then trailer frame with grpc-status 0', async () => {
    const response = await fetch(`${server.webUrl}/grpc.health.v1.Health/Check`, {
      method: 'POST', headers: grpcWebHeaders, body: healthRequest(''),
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^application\/grpc-web/);
    const { messages, trailers } = parseFrames(Buffer.from(await response.arrayBuffer()));
    assert.equal(messages.length, 1);
    assert.deepEqual([...messages[0]], [0x08, 0x01], 'HealthCheckResponse{status: SERVING}');
    assert.equal(trailers['grpc-status'], '0');
  });

  test('an error before any message comes trailers-only, in the HTTP headers', async () => {
    const response = await fetch(`${server.webUrl}/grpc.health.v1.Health/Check`, {
      method: 'POST', headers: grpcWebHeaders, body: healthRequest('no.such.Service'),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('grpc-status'), '5', 'NOT_FOUND');
    assert.equal((await response.arrayBuffer()).byteLength, 0);
  });

  test('server streaming Watch delivers the first message before the call ends', async () => {
    const abort = new AbortController();
    const response = await fetch(`${server.webUrl}/grpc.health.v1.Health/Watch`, {
      method: 'POST', headers: grpcWebHeaders, body: healthRequest(''), signal: abort.signal,
    });
    assert.equal(response.status, 200);
    const reader = response.body.getReader();
    let buffered = Buffer.alloc(0);
    while (buffered.length < 7) {
      const { value, done } = await reader.read();
      assert.ok(!done, 'stream stays open while watching');
      buffered = Buffer.concat([buffered, Buffer.from(value)]);
    }
    assert.equal(buffered[0], 0, 'a data frame, not trailers');
    assert.deepEqual([...buffered.subarray(5, 7)], [0x08, 0x01], 'SERVING');
    abort.abort();
  });

  test('CORS preflight admits a configured origin and exposes the gRPC status headers', async () => {
    const preflight = await fetch(`${server.webUrl}/grpc.health.v1.Health/Check`, {
      method: 'OPTIONS',
      headers: {
        origin: allowedOrigin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-grpc-web',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), allowedOrigin);

    const call = await fetch(`${server.webUrl}/grpc.health.v1.Health/Check`, {
      method: 'POST', headers: { ...grpcWebHeaders, origin: allowedOrigin }, body: healthRequest('no.such.Service'),
    });
    const exposed = (call.headers.get('access-control-expose-headers') ?? '').split(',').map((h) => h.trim());
    assert.ok(exposed.includes('grpc-status') && exposed.includes('grpc-message'), `exposed: ${exposed}`);
  });

  test('CORS preflight from an origin not configured gets no allow-origin', async () => {
    const preflight = await fetch(`${server.webUrl}/grpc.health.v1.Health/Check`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example.test', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  });

  test('application/grpc over HTTP/1.1 is refused with 426 and a status', async () => {
    const response = await fetch(`${server.webUrl}/grpc.health.v1.Health/Check`, {
      method: 'POST', headers: { 'content-type': 'application/grpc' }, body: healthRequest(''),
    });
    assert.equal(response.status, 426);
    assert.equal(response.headers.get('grpc-status'), '13');
  });
});
