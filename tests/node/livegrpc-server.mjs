// Starts the already-built LiveGrpc server (src/LiveGrpc.Server) on free loopback ports with a
// fresh data directory, for the Node suites that drive it with independent clients. Build first
// with `dotnet build src/LiveGrpc.Server` (test.sh builds the whole solution).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');

const serverDll = process.env.LIVEGRPC_SERVER_DLL ?? ['Debug', 'Release']
  .map((c) => path.join(repoRoot, 'src', 'LiveGrpc.Server', 'bin', c, 'net10.0', 'LiveGrpc.Server.dll'))
  .find((p) => existsSync(p));

/** A port the OS just handed out on 127.0.0.1 (free at the time of asking). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts LiveGrpc.Server and resolves once it prints its banner.
 * @param {object} [options]
 * @param {string[]} [options.args] extra configuration flags, e.g. ['--Media:Local:MaxViewers=2']
 * @param {string} [options.dataDirectory] reuse a data directory (restart tests); default: a fresh temp dir
 * @returns {Promise<{ grpcAddress: string, webUrl: string, dataDirectory: string, output: () => string, stop: (signal?: string) => Promise<void> }>}
 */
export async function startLiveGrpcServer({ args = [], dataDirectory } = {}) {
  if (!serverDll) {
    throw new Error('LiveGrpc.Server.dll not found: run `dotnet build src/LiveGrpc.Server` first.');
  }
  const ownsData = !dataDirectory;
  const data = dataDirectory ?? mkdtempSync(path.join(os.tmpdir(), 'livegrpc-node-'));
  const [grpcPort, webPort] = [await freePort(), await freePort()];
  const child = spawn('dotnet', [
    serverDll,
    `--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:${grpcPort}`,
    '--Kestrel:Endpoints:Grpc:Protocols=Http2',
    `--Kestrel:Endpoints:Web:Url=http://127.0.0.1:${webPort}`,
    `--Storage:DataDirectory=${data}`,
    ...args,
  ], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DOTNET_NOLOGO: '1', ASPNETCORE_ENVIRONMENT: 'Development', Logging__LogLevel__Default: 'Warning' },
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`LiveGrpc server did not start within 30 s:\n${output}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
      if (output.includes('LiveGrpc is up')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (chunk) => { output += chunk.toString(); });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`LiveGrpc server exited early (code ${code}, signal ${signal}):\n${output}`));
    });
  });
  return {
    grpcAddress: `127.0.0.1:${grpcPort}`,
    webUrl: `http://127.0.0.1:${webPort}`,
    dataDirectory: data,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      if (ownsData && signal !== 'SIGKILL') rmSync(data, { recursive: true, force: true });
    },
  };
}
