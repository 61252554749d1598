// Starts a built .NET program for the Node suites and waits until it prints that it is ready.
// Shared by the LiveGrpc server helper and the benchmarks.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The project's built dll (Debug, else Release), or `override` when set; undefined when not built. */
export function builtDll(projectDir, assemblyName, override) {
  return override ?? ['Debug', 'Release']
    .map((configuration) => path.join(repoRoot, projectDir, 'bin', configuration, 'net10.0', `${assemblyName}.dll`))
    .find((candidate) => existsSync(candidate));
}

/**
 * Runs `dotnet <dll> ...args` from the repository root and resolves once its output matches
 * `ready` (within 30 s), or rejects with everything it printed.
 * @returns {Promise<{ pid: number, match: RegExpExecArray, output: () => string,
 *   stop: (signal?: string, graceMs?: number) => Promise<{ code: number|null, signal: string|null }> }>}
 */
export async function startDotnet({ name, dll, args = [], env = {}, ready }) {
  const child = spawn('dotnet', [dll, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DOTNET_NOLOGO: '1', ...env },
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const match = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} was not ready within 30 s:\n${output}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
      const found = ready.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.stderr.on('data', (chunk) => { output += chunk.toString(); });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited early (code ${code}, signal ${signal}):\n${output}`));
    });
  });
  return {
    pid: child.pid,
    match,
    output: () => output,
    stop: async (signal = 'SIGTERM', graceMs = 5_000) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
}
