// Starts the already-built interop server (tests/LiveGrpc.Interop.Server) on a free port at
// 127.0.0.1 and loads the protos its tests need. Used by the *.test.mjs files in this folder;
// build first with `dotnet build tests/LiveGrpc.Interop.Server`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const thirdPartyProtos = path.join(repoRoot, 'third_party', 'protos');
export const testProtos = path.join(repoRoot, 'tests', 'protos');
export const require = createRequire(import.meta.url);

const serverDll = process.env.LIVEGRPC_INTEROP_SERVER_DLL ?? ['Debug', 'Release']
  .map((c) => path.join(repoRoot, 'tests', 'LiveGrpc.Interop.Server', 'bin', c, 'net10.0', 'LiveGrpc.Interop.Server.dll'))
  .find((p) => existsSync(p));

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
  const child = spawn('dotnet', [serverDll, '--port', '0', ...extraArgs], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DOTNET_NOLOGO: '1' },
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`interop server did not report readiness within 30 s:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => { output += chunk.toString(); });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`interop server exited early (code ${code}, signal ${signal}):\n${output}`));
    });
  });
  return {
    address: `127.0.0.1:${port}`,
    port,
    output: () => output,
    stop: async () => {
      if (process.env.LIVEGRPC_INTEROP_SERVER_LOG_DIR) {
        const { writeFileSync } = await import('node:fs');
        writeFileSync(path.join(process.env.LIVEGRPC_INTEROP_SERVER_LOG_DIR, `server-${port}.log`), output);
      }
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      return exited;
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
