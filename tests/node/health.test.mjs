// grpc.health.v1.Health on LiveGrpc.Server (Grpc.AspNetCore.HealthChecks) with @grpc/grpc-js: the
// whole server and each livegrpc.v1 service are SERVING while the store is readable, NOT_SERVING
// while it is not, and NOT_SERVING to watchers when the server shuts down.
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import http2 from 'node:http2';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startLiveGrpcServer } from './livegrpc-server.mjs';
import { collect, failure, frame, grpc, loadProtos, messageQueue, rawCall, unary } from './grpc-support.mjs';

const { Health } = loadProtos('grpc/health/v1/health.proto').grpc.health.v1;
const SERVICES = ['', 'livegrpc.v1.StreamService', 'livegrpc.v1.TokenService'];

describe('grpc.health.v1.Health', { timeout: 60_000 }, () => {
  let server;
  let health;

  before(async () => {
    server = await startLiveGrpcServer({ args: ['--Health:CheckInterval=00:00:01'] });
    health = new Health(server.grpcAddress, grpc.credentials.createInsecure());
  });

  after(async () => {
    health?.close();
    await server?.stop();
  });

  const check = async (service) => (await unary(health, 'check', { service })).status;

  test('Check: the whole server ("") and each livegrpc.v1 service are SERVING', async () => {
    for (const service of SERVICES) {
      assert.equal(await check(service), 'SERVING', `"${service}"`);
    }
  });

  test('Check: a service the server does not report on fails with NOT_FOUND', async () => {
    const err = await failure(unary(health, 'check', { service: 'no.such.Service' }));
    assert.equal(err.code, grpc.status.NOT_FOUND);
  });

  test('Check and Watch follow the store: the database file gone is NOT_SERVING, back is SERVING', async () => {
    const database = path.join(server.dataDirectory, 'livegrpc.db');
    const call = health.watch({ service: 'livegrpc.v1.StreamService' });
    const done = collect(call);
    const watch = messageQueue(call);
    assert.equal((await watch.next()).status, 'SERVING', 'the current status first');

    // A lost volume: the file is no longer where the server expects it.
    renameSync(database, `${database}.away`);
    try {
      for (const service of SERVICES) {
        assert.equal(await check(service), 'NOT_SERVING', `"${service}" with the database gone`);
      }
      assert.equal((await watch.next()).status, 'NOT_SERVING', 'watchers hear of it');
    } finally {
      renameSync(`${database}.away`, database);
    }
    assert.equal(await check(''), 'SERVING');
    assert.equal((await watch.next()).status, 'SERVING');

    call.cancel();
    const err = await done.then(() => assert.fail('Watch ended on its own'), (e) => e);
    assert.equal(err.code, grpc.status.CANCELLED);
    assert.deepEqual(err.messages.map((m) => m.status), ['SERVING', 'NOT_SERVING', 'SERVING'], 'one message per change');
  });

  test('Watch: a service the server does not report on is SERVICE_UNKNOWN, and the call stays open until cancelled', async () => {
    const call = health.watch({ service: 'no.such.Service' });
    const done = collect(call);
    const watch = messageQueue(call);
    assert.equal((await watch.next()).status, 'SERVICE_UNKNOWN');
    await assert.rejects(watch.next(1_500), /no message within/, 'nothing else arrives');
    call.cancel();
    assert.equal((await done.then(() => null, (e) => e)).code, grpc.status.CANCELLED);
  });

  test('Watch ends with DEADLINE_EXCEEDED sent by the server at its grpc-timeout (raw HTTP/2)', async () => {
    const session = http2.connect(`http://${server.grpcAddress}`);
    try {
      const started = Date.now();
      const response = await rawCall(session, {
        path: '/grpc.health.v1.Health/Watch',
        headers: { 'grpc-timeout': '300m' },
        body: frame([]), // an empty HealthCheckRequest: the whole server
      });
      assert.equal(response.grpcStatus, grpc.status.DEADLINE_EXCEEDED);
      assert.ok(Date.now() - started >= 250, 'not before the deadline');
      // One message: flag 0, length 2, field 1 varint = SERVING (1).
      assert.deepEqual([...response.body], [0, 0, 0, 0, 2, 0x08, 0x01]);
    } finally {
      session.close();
    }
  });
});

describe('grpc.health.v1.Health during shutdown', { timeout: 60_000 }, () => {
  test('on SIGTERM, watchers get NOT_SERVING, the watch ends with OK, and the server exits promptly', async () => {
    const server = await startLiveGrpcServer();
    const health = new Health(server.grpcAddress, grpc.credentials.createInsecure());
    try {
      const call = health.watch({ service: 'livegrpc.v1.StreamService' });
      const done = collect(call);
      const watch = messageQueue(call);
      assert.equal((await watch.next()).status, 'SERVING');
      const started = Date.now();
      const exit = server.stop('SIGTERM');
      assert.equal((await watch.next()).status, 'NOT_SERVING');
      const { messages, status } = await done;
      assert.equal(status.code, grpc.status.OK);
      assert.deepEqual(messages.map((m) => m.status), ['SERVING', 'NOT_SERVING']);
      const { code, signal } = await exit;
      assert.equal(signal, null, 'exited on its own, not killed');
      assert.equal(code, 0);
      assert.ok(Date.now() - started < 4_000, `shutdown took ${Date.now() - started} ms`);
    } finally {
      health.close();
      await server.stop();
    }
  });
});
