// Independent gRPC clients for the Node suites: @grpc/grpc-js stubs loaded with
// @grpc/proto-loader from the contract (protos/) and the standard services (third_party/protos),
// protobufjs types for decoding raw bytes (google.rpc.Status and its details), and node:http2
// helpers for requests no well-behaved client would send. Pair with startLiveGrpcServer.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { repoRoot } from './livegrpc-server.mjs';

const require = createRequire(import.meta.url);
export const protobuf = require('protobufjs');
export const descriptor = require('protobufjs/ext/descriptor');
export { grpc, protoLoader };

const protoDirs = [path.join(repoRoot, 'protos'), path.join(repoRoot, 'third_party', 'protos')];

/** Loads .proto files (relative to protos/ or third_party/protos) into a grpc-js package object. */
export function loadProtos(...files) {
  return grpc.loadPackageDefinition(protoLoader.loadSync(files, {
    keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true, includeDirs: protoDirs,
  }));
}

export const v1 = loadProtos('livegrpc/v1/stream_service.proto', 'livegrpc/v1/token_service.proto').livegrpc.v1;

/** protobufjs types with the .proto field names, for encoding raw requests and decoding raw bytes. */
export const types = (() => {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => {
    for (const dir of protoDirs) {
      const candidate = path.join(dir, target);
      if (existsSync(candidate)) return candidate;
    }
    return target; // google/protobuf/*.proto: bundled with protobufjs
  };
  root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto', 'livegrpc/v1/stream_service.proto', 'livegrpc/v1/token_service.proto'], { keepCase: true });
  return {
    RpcStatus: root.lookupType('google.rpc.Status'),
    BadRequest: root.lookupType('google.rpc.BadRequest'),
    RetryInfo: root.lookupType('google.rpc.RetryInfo'),
    GetStreamRequest: root.lookupType('livegrpc.v1.GetStreamRequest'),
    WatchStreamRequest: root.lookupType('livegrpc.v1.WatchStreamRequest'),
    WatchStreamResponse: root.lookupType('livegrpc.v1.WatchStreamResponse'),
    CreateStreamRequest: root.lookupType('livegrpc.v1.CreateStreamRequest'),
    CreateStreamResponse: root.lookupType('livegrpc.v1.CreateStreamResponse'),
    GetStreamResponse: root.lookupType('livegrpc.v1.GetStreamResponse'),
    StartStreamRequest: root.lookupType('livegrpc.v1.StartStreamRequest'),
  };
})();

/** StreamService and TokenService stubs over h2c. */
export function liveGrpcClients(address, options = {}) {
  const credentials = grpc.credentials.createInsecure();
  const streams = new v1.StreamService(address, credentials, options);
  const tokens = new v1.TokenService(address, credentials, options);
  return { streams, tokens, close: () => { streams.close(); tokens.close(); } };
}

export const deadlineIn = (ms) => new Date(Date.now() + ms);

/** Metadata with `authorization: Bearer <credential>`. */
export function bearer(credential) {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${credential}`);
  return metadata;
}

/** Promise wrapper for a unary call (10 s deadline unless given); rejects with the grpc-js ServiceError. */
export function unary(client, method, request, { metadata = new grpc.Metadata(), deadline = deadlineIn(10_000), onMetadata, onStatus } = {}) {
  return new Promise((resolve, reject) => {
    const call = client[method](request, metadata, { deadline }, (err, response) => (err ? reject(err) : resolve(response)));
    if (onMetadata) call.on('metadata', onMetadata);
    if (onStatus) call.on('status', onStatus);
  });
}

/** The error a call fails with; fails the test if it succeeds. */
export async function failure(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('the call succeeded');
}

/** Collects a server stream: resolves with { messages, status, metadata } or rejects with the error (carrying .messages). */
export function collect(call) {
  return new Promise((resolve, reject) => {
    const messages = [];
    let metadata;
    let error;
    call.on('metadata', (m) => { metadata = m; });
    call.on('data', (m) => messages.push(m));
    call.on('error', (e) => { error = e; });
    call.on('status', (status) => {
      if (error) {
        error.messages = messages;
        error.headers = metadata;
        reject(error);
      } else {
        resolve({ messages, status, metadata });
      }
    });
  });
}

/**
 * Buffers a stream's messages as they arrive; next() resolves with the next one (within 10 s),
 * and rejects with the call's error (or an Error when the stream ended first).
 */
export function messageQueue(call) {
  const buffered = [];
  const waiting = [];
  let failure_;
  let ended = false;
  const settle = () => {
    while (waiting.length > 0) {
      if (buffered.length > 0) waiting.shift().resolve(buffered.shift());
      else if (failure_) waiting.shift().reject(failure_);
      else if (ended) waiting.shift().reject(new Error('stream ended before the next message'));
      else break;
    }
  };
  call.on('data', (m) => { buffered.push(m); settle(); });
  call.on('error', (e) => { failure_ = e; settle(); });
  call.on('end', () => { ended = true; settle(); });
  return {
    next: (timeoutMs = 10_000) => new Promise((resolve, reject) => {
      const entry = {
        resolve: (m) => { clearTimeout(timer); resolve(m); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(entry), 1);
        reject(new Error(`no message within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.push(entry);
      settle();
    }),
    /** Reads until a message matches; resolves with it. */
    async until(predicate, timeoutMs = 10_000) {
      for (;;) {
        const message = await this.next(timeoutMs);
        if (predicate(message)) return message;
      }
    },
  };
}

/** A length-prefixed gRPC frame; `declaredLength` may lie about the payload. */
export function frame(payload, { flags = 0, declaredLength } = {}) {
  const body = Buffer.from(payload);
  const header = Buffer.alloc(5);
  header[0] = flags;
  header.writeUInt32BE(declaredLength ?? body.length, 1);
  return Buffer.concat([header, body]);
}

/** Splits a gRPC body into its length-prefixed messages. */
export function messagesOf(body) {
  const messages = [];
  for (let offset = 0; offset + 5 <= body.length;) {
    const length = body.readUInt32BE(offset + 1);
    messages.push(body.subarray(offset + 5, offset + 5 + length));
    offset += 5 + length;
  }
  return messages;
}

/**
 * One request over a raw HTTP/2 session, exactly as given (no client-side deadline, nothing
 * tidied up). Resolves with the HTTP status, response headers, trailers, body, and the gRPC status
 * and decoded message wherever they came (trailers, or headers for a trailers-only response).
 */
export function rawCall(session, { path, method = 'POST', headers = {}, body = frame([]) }) {
  const stream = session.request({
    ':method': method, ':path': path, 'content-type': 'application/grpc', te: 'trailers', ...headers,
  }, { endStream: method === 'GET' });
  return new Promise((resolve, reject) => {
    let responseHeaders;
    let trailers = {};
    const chunks = [];
    stream.on('response', (h) => { responseHeaders = h; });
    stream.on('trailers', (t) => { trailers = t; });
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      const source = trailers['grpc-status'] !== undefined ? trailers : responseHeaders;
      resolve({
        httpStatus: responseHeaders[':status'],
        headers: responseHeaders,
        trailers,
        body: Buffer.concat(chunks),
        grpcStatus: source['grpc-status'] === undefined ? undefined : Number(source['grpc-status']),
        rawGrpcMessage: source['grpc-message'],
        grpcMessage: decodeURIComponent(source['grpc-message'] ?? ''),
      });
    });
    stream.on('error', reject);
    if (method !== 'GET') stream.end(body);
  });
}
