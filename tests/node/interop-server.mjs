// Starts the already-built interop server (tests/LiveGrpc.Interop.Server) on a free port at
// 127.0.0.1 and loads the protos its tests need. Used by the *.test.mjs files in this folder;
// build first with `dotnet build tests/LiveGrpc.Interop.Server`.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { builtDll, repoRoot, startDotnet } from './dotnet-process.mjs';

export { repoRoot };
export const thirdPartyProtos = path.join(repoRoot, 'third_party', 'protos');
export const testProtos = path.join(repoRoot, 'tests', 'protos');
export const require = createRequire(import.meta.url);

const serverDll = builtDll('tests/LiveGrpc.Interop.Server', 'LiveGrpc.Interop.Server', process.env.LIVEGRPC_INTEROP_SERVER_DLL);

/**
 * Starts the interop server and resolves once it prints its address.
 * @param {string[]} extraArgs e.g. ['--max_receive_message_size', '1024']
 * @returns {Promise<{ address: string, port: number, stop: () => Promise<{ code: number|null, signal: string|null }>, output: () => string }>}
 * stop() sends SIGTERM (SIGKILL after 10 s) and resolves with how the process exited.
 * Set LIVEGRPC_INTEROP_SERVER_LOG_DIR to keep each server's output there.
 */
export async function startInteropServer(extraArgs = []) {
  if (!serverDll) {
    throw new Error('LiveGrpc.Interop.Server.dll not found: run `dotnet build tests/LiveGrpc.Interop.Server` first.');
  }
  const server = await startDotnet({
    name: 'interop server',
    dll: serverDll,
    args: ['--port', '0', ...extraArgs],
    ready: /listening on http:\/\/127\.0\.0\.1:(\d+)/,
  });
  const port = Number(server.match[1]);
  return {
    address: `127.0.0.1:${port}`,
    port,
    output: server.output,
    stop: async () => {
      if (process.env.LIVEGRPC_INTEROP_SERVER_LOG_DIR) {
        writeFileSync(path.join(process.env.LIVEGRPC_INTEROP_SERVER_LOG_DIR, `server-${port}.log`), server.output());
      }
      return server.stop('SIGTERM', 10_000);
    },
  };
}

const loaderOptions = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [thirdPartyProtos, testProtos],
};

/** Loads .proto files (paths relative to third_party/protos or tests/protos) into a grpc-js package object. */
export function loadProtos(...files) {
  return grpc.loadPackageDefinition(protoLoader.loadSync(files, loaderOptions));
}

/** Promise wrapper for a unary call; rejects with the grpc-js ServiceError. */
export function unary(client, method, request, { metadata = new grpc.Metadata(), deadline, onMetadata, onStatus } = {}) {
  return new Promise((resolve, reject) => {
    const options = deadline ? { deadline } : {};
    const call = client[method](request, metadata, options, (err, response) => (err ? reject(err) : resolve(response)));
    if (onMetadata) call.on('metadata', onMetadata);
    if (onStatus) call.on('status', onStatus);
  });
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
 * Buffers a stream's messages as they arrive; next() resolves with the next one, and rejects
 * with the call's error (or an Error when the stream ended first).
 */
export function messageQueue(call) {
  const buffered = [];
  const waiting = [];
  let failure;
  let ended = false;
  const settle = () => {
    while (waiting.length > 0) {
      if (buffered.length > 0) waiting.shift().resolve(buffered.shift());
      else if (failure) waiting.shift().reject(failure);
      else if (ended) waiting.shift().reject(new Error('stream ended before the next message'));
      else break;
    }
  };
  call.on('data', (m) => { buffered.push(m); settle(); });
  call.on('error', (e) => { failure = e; settle(); });
  call.on('end', () => { ended = true; settle(); });
  return {
    next: () => new Promise((resolve, reject) => { waiting.push({ resolve, reject }); settle(); }),
  };
}

export const deadlineIn = (ms) => new Date(Date.now() + ms);

export { grpc };
