// Server reflection on LiveGrpc.Server (Grpc.AspNetCore.Server.Reflection serves both
// grpc.reflection.v1 and v1alpha ServerReflectionInfo) as grpcurl uses it: list services, describe
// symbols, then build a client from the returned descriptors alone and call livegrpc.v1.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startLiveGrpcServer } from './livegrpc-server.mjs';
import { collect, descriptor, grpc, loadProtos, protoLoader, unary } from './grpc-support.mjs';

const reflection = loadProtos('grpc/reflection/v1/reflection.proto', 'grpc/reflection/v1alpha/reflection.proto').grpc.reflection;

const EXPECTED_SERVICES = [
  'grpc.health.v1.Health',
  'grpc.reflection.v1.ServerReflection',
  'grpc.reflection.v1alpha.ServerReflection',
  'livegrpc.v1.StreamService',
  'livegrpc.v1.TokenService',
];

/** Sends each request on one ServerReflectionInfo stream and returns the responses, in order. */
async function ask(client, requests) {
  const call = client.serverReflectionInfo();
  const done = collect(call);
  for (const request of requests) call.write(request);
  call.end();
  const { messages, status } = await done;
  assert.equal(status.code, grpc.status.OK);
  assert.equal(messages.length, requests.length, 'one response per request');
  return messages;
}

const fileNames = (response) => {
  assert.equal(response.messageResponse, 'fileDescriptorResponse', JSON.stringify(response.errorResponse));
  return response.fileDescriptorResponse.fileDescriptorProto.map((bytes) => descriptor.FileDescriptorProto.decode(bytes).name);
};

/** A FileDescriptorSet (field 1, repeated FileDescriptorProto) from serialized files. */
function fileDescriptorSet(files) {
  const parts = [];
  for (const file of files) {
    const header = [0x0a];
    let n = file.length;
    while (n > 0x7f) { header.push((n & 0x7f) | 0x80); n >>>= 7; }
    header.push(n);
    parts.push(Buffer.from(header), Buffer.from(file));
  }
  return Buffer.concat(parts);
}

const STREAM_SERVICE_FILES = ['google/protobuf/field_mask.proto', 'google/protobuf/timestamp.proto', 'livegrpc/v1/stream.proto', 'livegrpc/v1/stream_service.proto'];

for (const version of ['v1alpha', 'v1']) {
  describe(`grpc.reflection.${version}.ServerReflection`, { timeout: 60_000 }, () => {
    let server;
    let client;

    before(async () => {
      server = await startLiveGrpcServer();
      client = new reflection[version].ServerReflection(server.grpcAddress, grpc.credentials.createInsecure());
    });

    after(async () => {
      client?.close();
      await server?.stop();
    });

    test('list_services names every mapped service (Grpc.Reflection leaves valid_host and original_request empty, which the old layer echoed; clients need neither, see the grpcurl-style test)', async () => {
      const [response] = await ask(client, [{ host: 'localhost', listServices: '*' }]);
      assert.equal(response.messageResponse, 'listServicesResponse');
      const names = response.listServicesResponse.service.map((s) => s.name);
      assert.deepEqual([...names].sort(), [...EXPECTED_SERVICES].sort());
    });

    test('file_containing_symbol finds services, methods, messages, enums and nested enums, with dependencies', async () => {
      const responses = await ask(client, [
        { fileContainingSymbol: 'livegrpc.v1.StreamService' },
        { fileContainingSymbol: 'livegrpc.v1.StreamService.WatchStream' },
        { fileContainingSymbol: 'livegrpc.v1.CreateViewerTokenRequest' },
        { fileContainingSymbol: 'livegrpc.v1.StreamStatus' },
        { fileContainingSymbol: 'grpc.health.v1.HealthCheckResponse.ServingStatus' },
      ]);
      assert.deepEqual(fileNames(responses[0]).sort(), STREAM_SERVICE_FILES);
      assert.equal(fileNames(responses[0])[0], 'livegrpc/v1/stream_service.proto', 'the requested file comes first');
      assert.equal(fileNames(responses[1])[0], 'livegrpc/v1/stream_service.proto');
      assert.equal(fileNames(responses[2])[0], 'livegrpc/v1/token_service.proto');
      assert.equal(fileNames(responses[3])[0], 'livegrpc/v1/stream.proto');
      // Grpc.HealthCheck registers its compiled file as "health.proto" (no directory).
      const [health, ...healthDependencies] = responses[4].fileDescriptorResponse.fileDescriptorProto.map((b) => descriptor.FileDescriptorProto.decode(b));
      assert.equal(health.package, 'grpc.health.v1');
      assert.ok(health.messageType.some((m) => m.name === 'HealthCheckResponse' && m.enumType.some((e) => e.name === 'ServingStatus')));
      assert.deepEqual(healthDependencies, []);
      const file = descriptor.FileDescriptorProto.decode(responses[0].fileDescriptorResponse.fileDescriptorProto[0]);
      assert.equal(file.package, 'livegrpc.v1');
      assert.ok(file.service.some((s) => s.name === 'StreamService' && s.method.some((m) => m.name === 'WatchStream' && m.serverStreaming && !m.clientStreaming)));
    });

    test('file_by_filename returns the file and its transitive dependencies', async () => {
      const [response] = await ask(client, [{ fileByFilename: 'livegrpc/v1/stream_service.proto' }]);
      const names = fileNames(response);
      assert.equal(names[0], 'livegrpc/v1/stream_service.proto');
      assert.deepEqual([...names].sort(), STREAM_SERVICE_FILES);
    });

    test('unknown names get NOT_FOUND error responses and the stream stays usable', async () => {
      const responses = await ask(client, [
        { fileContainingSymbol: 'no.such.Symbol' },
        { fileByFilename: 'no/such/file.proto' },
        { listServices: '' },
      ]);
      for (const response of responses.slice(0, 2)) {
        assert.equal(response.messageResponse, 'errorResponse', JSON.stringify(response.originalRequest));
        assert.equal(response.errorResponse.errorCode, grpc.status.NOT_FOUND);
        assert.ok(response.errorResponse.errorMessage.length > 0);
      }
      assert.equal(responses[2].messageResponse, 'listServicesResponse');
    });

    test('extension queries answer UNIMPLEMENTED in an error response and the stream stays usable (Grpc.Reflection does not serve them; livegrpc.v1 declares no extensions)', async () => {
      const responses = await ask(client, [
        { allExtensionNumbersOfType: 'livegrpc.v1.Stream' },
        { fileContainingExtension: { containingType: 'livegrpc.v1.Stream', extensionNumber: 100 } },
        { listServices: '' },
      ]);
      for (const response of responses.slice(0, 2)) {
        assert.equal(response.messageResponse, 'errorResponse', JSON.stringify(response.originalRequest));
        assert.equal(response.errorResponse.errorCode, grpc.status.UNIMPLEMENTED);
      }
      assert.equal(responses[2].messageResponse, 'listServicesResponse');
    });

    test('grpcurl-style: describe via reflection, build a client from the descriptors alone, call livegrpc.v1', async () => {
      const [response] = await ask(client, [{ fileContainingSymbol: 'livegrpc.v1.StreamService' }]);
      const set = fileDescriptorSet(response.fileDescriptorResponse.fileDescriptorProto);
      const dynamic = grpc.loadPackageDefinition(protoLoader.loadFileDescriptorSetFromBuffer(set, { defaults: true, enums: String }));
      const streams = new dynamic.livegrpc.v1.StreamService(server.grpcAddress, grpc.credentials.createInsecure());
      try {
        const created = await unary(streams, 'CreateStream', { stream: { title: 'called through reflection' } });
        assert.match(created.stream.id, /^st_/);
        const fetched = await unary(streams, 'GetStream', { stream_id: created.stream.id });
        assert.equal(fetched.stream.title, 'called through reflection');
        assert.equal(fetched.stream.status, 'STREAM_STATUS_OFFLINE');
      } finally {
        streams.close();
      }
    });
  });
}
