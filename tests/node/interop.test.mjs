// gRPC's interop cases (grpc/doc/interop-test-descriptions.md) with @grpc/grpc-js as the client
// and tests/LiveGrpc.Interop.Server — grpc.testing.TestService on LiveGrpc.Rpc — as the server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { collect, deadlineIn, grpc, loadProtos, messageQueue, startInteropServer, unary } from './interop-server.mjs';

const proto = loadProtos('grpc/testing/test.proto').grpc.testing;
const zeros = (n) => Buffer.alloc(n);
const assertZeros = (buffer, size) => {
  assert.equal(buffer.length, size);
  assert.ok(buffer.every((b) => b === 0), 'payload body is all zeros');
};

describe('grpc interop cases against LiveGrpc.Interop.Server', { timeout: 60_000 }, () => {
  let server;
  let client;
  let unimplementedClient;

  before(async () => {
    server = await startInteropServer();
    client = new proto.TestService(server.address, grpc.credentials.createInsecure());
    unimplementedClient = new proto.UnimplementedService(server.address, grpc.credentials.createInsecure());
  });

  after(async () => {
    client?.close();
    unimplementedClient?.close();
    await server?.stop();
  });

  test('empty_unary', async () => {
    const response = await unary(client, 'emptyCall', {});
    assert.ok(response, 'response is non-null');
    assert.deepEqual(response, {});
  });

  test('large_unary', async () => {
    const response = await unary(client, 'unaryCall', { responseSize: 314159, payload: { body: zeros(271828) } });
    assertZeros(response.payload.body, 314159);
  });

  test('client_streaming', async () => {
    const response = await new Promise((resolve, reject) => {
      const call = client.streamingInputCall((err, r) => (err ? reject(err) : resolve(r)));
      for (const size of [27182, 8, 1828, 45904]) {
        call.write({ payload: { body: zeros(size) } });
      }
      call.end();
    });
    assert.equal(response.aggregatedPayloadSize, 74922);
  });

  test('server_streaming', async () => {
    const sizes = [31415, 9, 2653, 58979];
    const { messages, status } = await collect(client.streamingOutputCall({ responseParameters: sizes.map((size) => ({ size })) }));
    assert.equal(status.code, grpc.status.OK);
    assert.equal(messages.length, 4);
    messages.forEach((m, i) => assertZeros(m.payload.body, sizes[i]));
  });

  test('ping_pong', async () => {
    const call = client.fullDuplexCall();
    const done = collect(call);
    const queue = messageQueue(call);
    const steps = [[31415, 27182], [9, 8], [2653, 1828], [58979, 45904]];
    for (const [responseSize, requestSize] of steps) {
      call.write({ responseParameters: [{ size: responseSize }], payload: { body: zeros(requestSize) } });
      const reply = await queue.next();
      assertZeros(reply.payload.body, responseSize);
    }
    call.end();
    const { messages, status } = await done;
    assert.equal(status.code, grpc.status.OK);
    assert.equal(messages.length, 4);
  });

  test('empty_stream', async () => {
    const call = client.fullDuplexCall();
    const done = collect(call);
    call.end();
    const { messages, status } = await done;
    assert.equal(status.code, grpc.status.OK);
    assert.equal(messages.length, 0);
  });

  test('timeout_on_sleeping_server', async () => {
    const call = client.fullDuplexCall(new grpc.Metadata(), { deadline: deadlineIn(1) });
    const done = collect(call);
    call.write({ payload: { body: zeros(27182) } });
    await assert.rejects(done, (err) => err.code === grpc.status.DEADLINE_EXCEEDED);
  });

  test('cancel_after_begin', async () => {
    const result = new Promise((resolve, reject) => {
      const call = client.streamingInputCall((err, r) => (err ? resolve(err) : reject(new Error(`call succeeded: ${JSON.stringify(r)}`))));
      call.cancel();
    });
    const err = await result;
    assert.equal(err.code, grpc.status.CANCELLED);
  });

  test('cancel_after_first_response', async () => {
    const call = client.fullDuplexCall();
    const done = collect(call);
    const queue = messageQueue(call);
    call.write({ responseParameters: [{ size: 31415 }], payload: { body: zeros(27182) } });
    const first = await queue.next();
    assertZeros(first.payload.body, 31415);
    call.cancel();
    await assert.rejects(done, (err) => err.code === grpc.status.CANCELLED);
  });

  const echoMetadata = () => {
    const metadata = new grpc.Metadata();
    metadata.set('x-grpc-test-echo-initial', 'test_initial_metadata_value');
    metadata.set('x-grpc-test-echo-trailing-bin', Buffer.from([0xab, 0xab, 0xab]));
    return metadata;
  };
  const assertEchoed = (initial, trailing) => {
    assert.deepEqual(initial.get('x-grpc-test-echo-initial'), ['test_initial_metadata_value']);
    assert.deepEqual(trailing.get('x-grpc-test-echo-trailing-bin'), [Buffer.from([0xab, 0xab, 0xab])]);
  };

  test('custom_metadata (UnaryCall)', async () => {
    let initial;
    let status;
    const response = await unary(client, 'unaryCall', { responseSize: 314159, payload: { body: zeros(271828) } }, {
      metadata: echoMetadata(),
      onMetadata: (m) => { initial = m; },
      onStatus: (s) => { status = s; },
    });
    assertZeros(response.payload.body, 314159);
    await new Promise((resolve) => setImmediate(resolve));
    assertEchoed(initial, status.metadata);
  });

  test('custom_metadata (FullDuplexCall)', async () => {
    const call = client.fullDuplexCall(echoMetadata());
    const done = collect(call);
    call.write({ responseParameters: [{ size: 314159 }], payload: { body: zeros(271828) } });
    call.end();
    const { messages, status, metadata } = await done;
    assert.equal(status.code, grpc.status.OK);
    assert.equal(messages.length, 1);
    assertZeros(messages[0].payload.body, 314159);
    assertEchoed(metadata, status.metadata);
  });

  const assertStatus = (code, message) => (err) => {
    assert.equal(err.code, code);
    assert.equal(err.details, message);
    return true;
  };

  test('status_code_and_message (UnaryCall)', async () => {
    const responseStatus = { code: 2, message: 'test status message' };
    await assert.rejects(unary(client, 'unaryCall', { responseStatus }), assertStatus(2, 'test status message'));
  });

  test('status_code_and_message (FullDuplexCall)', async () => {
    const call = client.fullDuplexCall();
    const done = collect(call);
    call.write({ responseStatus: { code: 2, message: 'test status message' } });
    call.end();
    await assert.rejects(done, assertStatus(2, 'test status message'));
  });

  test('special_status_message', async () => {
    const message = '\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \ud83d\ude08\t\n';
    await assert.rejects(unary(client, 'unaryCall', { responseStatus: { code: 2, message } }), assertStatus(2, message));
  });

  test('unimplemented_method', async () => {
    await assert.rejects(unary(client, 'unimplementedCall', {}), (err) => err.code === grpc.status.UNIMPLEMENTED);
  });

  test('unimplemented_service', async () => {
    await assert.rejects(unary(unimplementedClient, 'unimplementedCall', {}), (err) => err.code === grpc.status.UNIMPLEMENTED);
  });
});
