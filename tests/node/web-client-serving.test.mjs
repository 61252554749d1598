// How the server serves the built web client (src/LiveGrpc.Server/Web): index.html for every
// page path the client routes (including two-segment ones the gRPC layer's "/{service}/{method}"
// route would otherwise claim), content-hashed assets cached for good, gRPC-Web untouched on the
// same port, and a plain 503 that says what to do when the client was not built.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startLiveGrpcServer } from './livegrpc-server.mjs';

const root = mkdtempSync(path.join(os.tmpdir(), 'livegrpc-webroot-'));
// The smallest valid WebAssembly module: magic number and version.
const wasmModule = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const index = '<!doctype html><title>LiveGrpc test client</title><script type="module" src="/assets/app-3f2a.js"></script>';
let server;
let unbuilt;

before(async () => {
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), index);
  writeFileSync(path.join(root, 'assets', 'app-3f2a.js'), 'console.log("hi");');
  mkdirSync(path.join(root, 'assets', 'twilio-live-player'));
  writeFileSync(path.join(root, 'assets', 'twilio-live-player', 'worker-1-7-0.min.wasm'), wasmModule);
  server = await startLiveGrpcServer({ args: [`--WebClient:RootPath=${root}`] });
  unbuilt = await startLiveGrpcServer({ args: [`--WebClient:RootPath=${path.join(root, 'missing')}`] });
});

after(async () => {
  await server?.stop();
  await unbuilt?.stop();
  rmSync(root, { recursive: true, force: true });
});

test('every page path answers with index.html, revalidated on each visit', async () => {
  for (const page of ['/', '/host', '/host/st_123', '/watch/st_123', '/watch/st_123?invite=abc', '/some/deep/unknown/page']) {
    const response = await fetch(server.webUrl + page);
    assert.equal(response.status, 200, page);
    assert.match(response.headers.get('content-type'), /^text\/html/, page);
    assert.equal(response.headers.get('cache-control'), 'no-cache', page);
    assert.equal(await response.text(), index, page);
  }
  const head = await fetch(server.webUrl + '/watch/st_123', { method: 'HEAD' });
  assert.equal(head.status, 200);
});

test('content-hashed assets are served with a long immutable cache; a missing asset is 404, not the page', async () => {
  const asset = await fetch(server.webUrl + '/assets/app-3f2a.js');
  assert.equal(asset.status, 200);
  assert.match(asset.headers.get('content-type'), /javascript/);
  assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(await asset.text(), 'console.log("hi");');

  const missing = await fetch(server.webUrl + '/assets/app-0000.js');
  assert.equal(missing.status, 404);
  const traversal = await fetch(server.webUrl + '/assets/..%2Findex.html');
  assert.notEqual(await traversal.text(), index, 'no path traversal out of assets/');
});

test('WebAssembly assets (the Twilio Live player\'s worker) are served as application/wasm, cached like every asset', async () => {
  // Browsers compile a module while it downloads (WebAssembly.instantiateStreaming) only when it
  // comes as application/wasm.
  const response = await fetch(server.webUrl + '/assets/twilio-live-player/worker-1-7-0.min.wasm');
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/wasm');
  assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.deepEqual(Buffer.from(await response.arrayBuffer()), wasmModule);
});

test('gRPC-Web on the same port still reaches the services', async () => {
  // ListStreams with an empty request: one empty length-prefixed frame.
  const response = await fetch(server.webUrl + '/livegrpc.v1.StreamService/ListStreams', {
    method: 'POST',
    headers: { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1' },
    body: Buffer.alloc(5),
  });
  assert.equal(response.status, 200);
  // Grpc.AspNetCore answers binary gRPC-Web as application/grpc-web (the same format as +proto).
  assert.match(response.headers.get('content-type'), /^application\/grpc-web(\+proto)?$/);
  const body = Buffer.from(await response.arrayBuffer());
  assert.match(body.toString('latin1'), /grpc-status: ?0/);
});

test('a server whose web client was not built says so instead of serving nothing', async () => {
  const response = await fetch(unbuilt.webUrl + '/watch/st_123');
  assert.equal(response.status, 503);
  assert.match(await response.text(), /web client is not built/);
  assert.match(unbuilt.output(), /The web client is not built/);
});
