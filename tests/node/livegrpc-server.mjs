// Starts the already-built LiveGrpc server (src/LiveGrpc.Server) on free loopback ports with a
// fresh data directory, for the Node suites that drive it with independent clients. Build first
// with `dotnet build src/LiveGrpc.Server` (test.sh builds the whole solution).
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { builtDll, repoRoot, startDotnet } from './dotnet-process.mjs';

export { repoRoot };

const serverDll = builtDll('src/LiveGrpc.Server', 'LiveGrpc.Server', process.env.LIVEGRPC_SERVER_DLL);

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
 * @returns {Promise<{ grpcAddress: string, webUrl: string, dataDirectory: string, pid: number, output: () => string,
 *   stop: (signal?: string) => Promise<{ code: number|null, signal: string|null }> }>}
 * stop() sends SIGTERM (SIGKILL after 5 s) and resolves with how the process exited.
 */
export async function startLiveGrpcServer({ args = [], dataDirectory } = {}) {
  if (!serverDll) {
    throw new Error('LiveGrpc.Server.dll not found: run `dotnet build src/LiveGrpc.Server` first.');
  }
  const ownsData = !dataDirectory;
  const data = dataDirectory ?? mkdtempSync(path.join(os.tmpdir(), 'livegrpc-node-'));
  const [grpcPort, webPort] = [await freePort(), await freePort()];
  const server = await startDotnet({
    name: 'LiveGrpc server',
    dll: serverDll,
    args: [
      `--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:${grpcPort}`,
      '--Kestrel:Endpoints:Grpc:Protocols=Http2',
      `--Kestrel:Endpoints:Web:Url=http://127.0.0.1:${webPort}`,
      `--Storage:DataDirectory=${data}`,
      ...args,
    ],
    env: { ASPNETCORE_ENVIRONMENT: 'Development', Logging__LogLevel__Default: 'Warning' },
    ready: /LiveGrpc is up/,
  });
  return {
    grpcAddress: `127.0.0.1:${grpcPort}`,
    webUrl: `http://127.0.0.1:${webPort}`,
    dataDirectory: data,
    pid: server.pid,
    output: server.output,
    stop: async (signal = 'SIGTERM') => {
      const exit = await server.stop(signal);
      if (ownsData && signal !== 'SIGKILL') rmSync(data, { recursive: true, force: true });
      return exit;
    },
  };
}
