// RpcTestService (Protos/rpc_test.proto) on @grpc/grpc-js: an independent gRPC server for the
// .NET client's interop tests (GrpcJsInteropTests). Listens on 127.0.0.1 at a free port, prints
// "listening on PORT", and exits when its stdin closes (i.e. when the test host goes away).
// (grpc-js servers do not compress responses; gzip response decoding is tested with scripted
// responses in Client/RpcClientTests.)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const here = path.dirname(fileURLToPath(import.meta.url));
const definition = protoLoader.loadSync(path.join(here, '..', 'Protos', 'rpc_test.proto'), {
  keepCase: false, longs: Number, enums: Number, defaults: true,
});
const proto = grpc.loadPackageDefinition(definition).livegrpc.rpc.tests.v1;


/** x-echo-* request metadata, renamed x-trailer-* for the trailers. */
function echoed(metadata) {
  const headers = new grpc.Metadata();
  const trailers = new grpc.Metadata();
  for (const [key, values] of Object.entries(metadata.getMap())) {
    if (!key.startsWith('x-echo-')) continue;
    for (const value of metadata.get(key)) {
      headers.add(key, value);
      trailers.add(key.replace('x-echo-', 'x-trailer-'), value);
    }
  }
  return { headers, trailers };
}

function received(metadata) {
  const list = [];
  for (const key of Object.keys(metadata.getMap())) {
    if (!key.startsWith('x-')) continue;
    for (const value of metadata.get(key)) {
      list.push(`${key}=${Buffer.isBuffer(value) ? value.toString('base64') : value}`);
    }
  }
  return list;
}

function failure(request, trailers) {
  if (!request.failCode) return null;
  const metadata = trailers ?? new grpc.Metadata();
  metadata.set('x-failure', 'yes');
  return { code: request.failCode, details: request.failMessage, metadata };
}

function deadlineRemaining(call) {
  const deadline = call.getDeadline();
  if (deadline === Infinity || deadline === undefined) return -1;
  return Math.round((deadline instanceof Date ? deadline.getTime() : deadline) - Date.now());
}

function sleep(call, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    call.on('cancelled', () => { clearTimeout(timer); reject(new Error('cancelled')); });
  });
}

const server = new grpc.Server();
server.addService(proto.RpcTestService.service, {
  async unary(call, callback) {
    const request = call.request;
    const { headers, trailers } = echoed(call.metadata);
    call.sendMetadata(headers);
    if (request.sleepMs > 0) {
      try { await sleep(call, request.sleepMs); } catch { return; }
    }
    const error = failure(request, trailers);
    if (error) return callback(error);
    callback(null, {
      text: request.text,
      payload: Buffer.alloc(request.responseBytes),
      deadlineRemainingMs: deadlineRemaining(call),
      receivedMetadata: received(call.metadata),
      requestBytes: request.payload.length,
    }, trailers);
  },

  async serverStream(call) {
    const request = call.request;
    for (let i = 0; i < request.count; i++) {
      if (call.cancelled) return;
      call.write({ text: request.text, index: i });
    }
    const error = failure(request);
    if (error) return call.emit('error', error);
    call.end();
  },

  clientStream(call, callback) {
    const texts = [];
    let bytes = 0;
    let failed = false;
    call.on('data', (request) => {
      const error = failure(request);
      if (error && !failed) { failed = true; callback(error); return; }
      texts.push(request.text);
      bytes += request.payload.length;
    });
    call.on('end', () => { if (!failed) callback(null, { text: texts.join(','), index: texts.length, requestBytes: bytes }); });
  },

  duplex(call) {
    let index = 0;
    call.on('data', (request) => {
      const error = failure(request);
      if (error) { call.emit('error', error); return; }
      call.write({ text: request.text, index: index++ });
    });
    call.on('end', () => call.end());
  },
});

server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) { console.error(error); process.exit(1); }
  console.log(`listening on ${port}`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
