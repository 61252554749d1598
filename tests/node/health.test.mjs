// grpc.health.v1.Health Check and Watch with @grpc/grpc-js against LiveGrpc.Interop.Server.
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { after, before, describe, test } from 'node:test';
import { collect, grpc, loadProtos, messageQueue, startInteropServer, unary } from './interop-server.mjs';

const packages = loadProtos('grpc/health/v1/health.proto', 'livegrpc/interop/v1/extras.proto');
const SERVING = 1;
const NOT_SERVING = 2;

describe('grpc.health.v1.Health', { timeout: 60_000 }, () => {
  let server;
  let health;
  let extras;

  before(async () => {
    server = await startInteropServer();
    health = new packages.grpc.health.v1.Health(server.address, grpc.credentials.createInsecure());
    extras = new packages.livegrpc.interop.v1.ExtrasService(server.address, grpc.credentials.createInsecure());
  });

  after(async () => {
    health?.close();
    extras?.close();
    await server?.stop();
  });

  test('Check: the whole server and the mapped services are SERVING', async () => {
    assert.equal((await unary(health, 'check', { service: '' })).status, 'SERVING');
    assert.equal((await unary(health, 'check', { service: 'grpc.testing.TestService' })).status, 'SERVING');
  });

  test('Check: an unknown service fails with NOT_FOUND', async () => {
    await assert.rejects(unary(health, 'check', { service: 'no.such.Service' }), (err) => err.code === grpc.status.NOT_FOUND);
  });

  test('Check follows status changes', async () => {
    const service = 'livegrpc.test.Checked';
    await unary(extras, 'setHealthStatus', { service, status: NOT_SERVING });
    assert.equal((await unary(health, 'check', { service })).status, 'NOT_SERVING');
    await unary(extras, 'setHealthStatus', { service, status: SERVING });
    assert.equal((await unary(health, 'check', { service })).status, 'SERVING');
    await unary(extras, 'setHealthStatus', { service, clear: true });
    await assert.rejects(unary(health, 'check', { service }), (err) => err.code === grpc.status.NOT_FOUND);
  });

  test('Watch: current status first, then every change, until cancelled', async () => {
    const service = 'livegrpc.test.Watched';
    const call = health.watch({ service });
    const done = collect(call);
    const queue = messageQueue(call);
    assert.equal((await queue.next()).status, 'SERVICE_UNKNOWN', 'unknown service: SERVICE_UNKNOWN, and the call stays open');

    const set = (body) => unary(extras, 'setHealthStatus', { service, ...body });
    assert.equal((await set({ status: SERVING })).watchers, 1, 'the watch is subscribed');
    assert.equal((await queue.next()).status, 'SERVING');
    await set({ status: SERVING }); // unchanged: no message
    await set({ status: NOT_SERVING });
    assert.equal((await queue.next()).status, 'NOT_SERVING');
    await set({ clear: true });
    assert.equal((await queue.next()).status, 'SERVICE_UNKNOWN');

    call.cancel();
    const err = await done.then(() => assert.fail('Watch ended on its own'), (e) => e);
    assert.equal(err.code, grpc.status.CANCELLED);
    assert.equal(err.messages.length, 4, 'no message for an unchanged status');

    // The server let go of the cancelled watch.
    let watchers = -1;
    for (let i = 0; i < 50 && watchers !== 0; i++) {
      watchers = (await set({ status: SERVING })).watchers;
      if (watchers !== 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(watchers, 0);
  });

  test('Watch ends with DEADLINE_EXCEEDED sent by the server at its grpc-timeout (raw HTTP/2)', async () => {
    const session = http2.connect(`http://${server.address}`);
    try {
      const started = Date.now();
      const stream = session.request({
        ':method': 'POST', ':path': '/grpc.health.v1.Health/Watch', 'content-type': 'application/grpc', te: 'trailers', 'grpc-timeout': '300m',
      });
      const frames = [];
      const trailers = await new Promise((resolve, reject) => {
        stream.on('data', (chunk) => frames.push(chunk));
        stream.on('trailers', resolve);
        stream.on('end', () => resolve({}));
        stream.on('error', reject);
        stream.end(Buffer.from([0, 0, 0, 0, 0])); // an empty HealthCheckRequest: the whole server
      });
      assert.equal(trailers['grpc-status'], String(grpc.status.DEADLINE_EXCEEDED));
      assert.ok(Date.now() - started >= 250, 'not before the deadline');
      // One message: flag 0, length 2, field 1 varint = SERVING (1).
      assert.deepEqual([...Buffer.concat(frames)], [0, 0, 0, 0, 2, 0x08, 0x01]);
    } finally {
      session.close();
    }
  });

  test('Watch: the whole server reports SERVING at once', async () => {
    const call = health.watch({ service: '' });
    const done = collect(call).catch((e) => e);
    const queue = messageQueue(call);
    assert.equal((await queue.next()).status, 'SERVING');
    call.cancel();
    assert.equal((await done).code, grpc.status.CANCELLED);
  });
});

describe('grpc.health.v1.Health during shutdown', { timeout: 60_000 }, () => {
  test('on SIGTERM, watchers get NOT_SERVING, the watch ends with OK, and the server exits promptly', async () => {
    const server = await startInteropServer();
    const health = new packages.grpc.health.v1.Health(server.address, grpc.credentials.createInsecure());
    try {
      const call = health.watch({ service: 'grpc.testing.TestService' });
      const done = collect(call);
      const queue = messageQueue(call);
      assert.equal((await queue.next()).status, 'SERVING');
      const started = Date.now();
      const exit = server.stop();
      assert.equal((await queue.next()).status, 'NOT_SERVING');
      const { messages, status } = await done;
      assert.equal(status.code, grpc.status.OK);
      assert.deepEqual(messages.map((m) => m.status), ['SERVING', 'NOT_SERVING']);
      const { code, signal } = await exit;
      assert.equal(signal, null, 'exited on its own, not killed');
      assert.equal(code, 0);
      assert.ok(Date.now() - started < 8_000, `shutdown took ${Date.now() - started} ms`);
    } finally {
      health.close();
      await server.stop();
    }
  });
});
