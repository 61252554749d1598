// Server reflection (grpc.reflection.v1 and v1alpha ServerReflectionInfo) as grpcurl uses it:
// list services, describe symbols, then build a client from the returned descriptors and call.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import protoLoader from '@grpc/proto-loader';
import { collect, grpc, loadProtos, require, startInteropServer, unary } from './interop-server.mjs';

const descriptor = require('protobufjs/ext/descriptor');
const reflection = loadProtos('grpc/reflection/v1/reflection.proto', 'grpc/reflection/v1alpha/reflection.proto').grpc.reflection;

const EXPECTED_SERVICES = [
  'grpc.testing.TestService',
  'livegrpc.interop.v1.ExtrasService',
  'grpc.health.v1.Health',
  'grpc.reflection.v1.ServerReflection',
  'grpc.reflection.v1alpha.ServerReflection',
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

for (const version of ['v1alpha', 'v1']) {
  describe(`grpc.reflection.${version}.ServerReflection`, { timeout: 60_000 }, () => {
    let server;
    let client;

    before(async () => {
      server = await startInteropServer();
      client = new reflection[version].ServerReflection(server.address, grpc.credentials.createInsecure());
    });

    after(async () => {
      client?.close();
      await server?.stop();
    });

    test('list_services names every mapped service', async () => {
      const [response] = await ask(client, [{ host: 'localhost', listServices: '*' }]);
      assert.equal(response.validHost, 'localhost');
      assert.equal(response.originalRequest.listServices, '*');
      assert.equal(response.messageResponse, 'listServicesResponse');
      const names = response.listServicesResponse.service.map((s) => s.name);
      assert.deepEqual([...names].sort(), [...EXPECTED_SERVICES].sort());
    });

    test('file_containing_symbol finds services, methods, messages, nested types and enums, with dependencies', async () => {
      const responses = await ask(client, [
        { fileContainingSymbol: 'grpc.testing.TestService' },
        { fileContainingSymbol: 'grpc.testing.TestService.UnaryCall' },
        { fileContainingSymbol: 'grpc.testing.SimpleRequest' },
        { fileContainingSymbol: 'grpc.testing.PayloadType' },
        { fileContainingSymbol: 'grpc.testing.LoadBalancerStatsResponse.RpcsByPeer' },
        { fileContainingSymbol: 'grpc.health.v1.HealthCheckResponse.ServingStatus' },
        { fileContainingSymbol: 'livegrpc.interop.v1.ExtrasService.Echo' },
      ]);
      assert.deepEqual(fileNames(responses[0]).sort(), ['grpc/testing/empty.proto', 'grpc/testing/messages.proto', 'grpc/testing/test.proto']);
      assert.equal(fileNames(responses[0])[0], 'grpc/testing/test.proto', 'the requested file comes first');
      assert.equal(fileNames(responses[1])[0], 'grpc/testing/test.proto');
      assert.deepEqual(fileNames(responses[2]), ['grpc/testing/messages.proto']);
      assert.deepEqual(fileNames(responses[3]), ['grpc/testing/messages.proto']);
      assert.deepEqual(fileNames(responses[4]), ['grpc/testing/messages.proto']);
      assert.deepEqual(fileNames(responses[5]), ['grpc/health/v1/health.proto']);
      assert.deepEqual(fileNames(responses[6]), ['livegrpc/interop/v1/extras.proto']);
      const file = descriptor.FileDescriptorProto.decode(responses[0].fileDescriptorResponse.fileDescriptorProto[0]);
      assert.equal(file.package, 'grpc.testing');
      assert.ok(file.service.some((s) => s.name === 'TestService' && s.method.some((m) => m.name === 'FullDuplexCall' && m.clientStreaming && m.serverStreaming)));
    });

    test('file_by_filename returns the file and its transitive dependencies', async () => {
      const [response] = await ask(client, [{ fileByFilename: 'grpc/testing/test.proto' }]);
      const names = fileNames(response);
      assert.equal(names[0], 'grpc/testing/test.proto');
      assert.deepEqual(names.slice(1).sort(), ['grpc/testing/empty.proto', 'grpc/testing/messages.proto']);
    });

    test('unknown names get NOT_FOUND error responses and the stream stays usable', async () => {
      const responses = await ask(client, [
        { fileContainingSymbol: 'no.such.Symbol' },
        { fileByFilename: 'no/such/file.proto' },
        { allExtensionNumbersOfType: 'no.such.Message' },
        { fileContainingExtension: { containingType: 'grpc.testing.SimpleRequest', extensionNumber: 100 } },
        { fileContainingExtension: { containingType: 'no.such.Message', extensionNumber: 100 } },
        { allExtensionNumbersOfType: 'grpc.testing.SimpleRequest' },
        { listServices: '' },
      ]);
      for (const response of responses.slice(0, 5)) {
        assert.equal(response.messageResponse, 'errorResponse', JSON.stringify(response.originalRequest));
        assert.equal(response.errorResponse.errorCode, grpc.status.NOT_FOUND);
        assert.ok(response.errorResponse.errorMessage.length > 0);
      }
      assert.equal(responses[0].originalRequest.fileContainingSymbol, 'no.such.Symbol');
      assert.equal(responses[5].messageResponse, 'allExtensionNumbersResponse');
      assert.equal(responses[5].allExtensionNumbersResponse.baseTypeName, 'grpc.testing.SimpleRequest');
      assert.deepEqual(responses[5].allExtensionNumbersResponse.extensionNumber, []);
      assert.equal(responses[6].messageResponse, 'listServicesResponse');
    });

    test('grpcurl-style: describe via reflection, build a client from the descriptors, call', async () => {
      const [response] = await ask(client, [{ fileContainingSymbol: 'livegrpc.interop.v1.ExtrasService' }]);
      const set = fileDescriptorSet(response.fileDescriptorResponse.fileDescriptorProto);
      const dynamic = grpc.loadPackageDefinition(protoLoader.loadFileDescriptorSetFromBuffer(set, { defaults: true }));
      const extras = new dynamic.livegrpc.interop.v1.ExtrasService(server.address, grpc.credentials.createInsecure());
      try {
        const reply = await unary(extras, 'Echo', { text: 'called through reflection' });
        assert.equal(reply.text, 'called through reflection');
      } finally {
        extras.close();
      }
    });
  });
}
