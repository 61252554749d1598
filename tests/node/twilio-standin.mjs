// Starts the already-built Twilio stand-in (tests/LiveGrpc.TwilioStandIn) on a free port at
// 127.0.0.1 for Node and browser tests: a local Twilio (Video v1 + Media v1) built from Twilio's
// OpenAPI descriptions, with a control API under /_standin (see that project's README.md).
// Build first with `dotnet build tests/LiveGrpc.TwilioStandIn` (test.sh builds the solution).
import { builtDll, startDotnet } from './dotnet-process.mjs';

const standInDll = builtDll('tests/LiveGrpc.TwilioStandIn', 'LiveGrpc.TwilioStandIn', process.env.LIVEGRPC_TWILIO_STANDIN_DLL);

/**
 * Starts the stand-in and resolves once it prints its ready line.
 * @param {string[]} [args] configuration flags, e.g. ['--StandIn:AccountSid=AC...', '--StandIn:PlayerStreamerStartDelay=00:00:01']
 * @returns {Promise<{ baseAddress: string, accountSid: string, authToken: string, apiKeySid: string, apiKeySecret: string,
 *   pid: number, output: () => string, rest: (path: string, init?: RequestInit) => Promise<Response>,
 *   control: (path: string, body?: object, method?: string) => Promise<Response>, stop: () => Promise<void> }>}
 * rest() calls Twilio's REST paths with the API key's Basic auth; control() calls /_standin with JSON.
 */
export async function startTwilioStandIn(args = []) {
  if (!standInDll) {
    throw new Error('LiveGrpc.TwilioStandIn.dll not found: run `dotnet build tests/LiveGrpc.TwilioStandIn` first.');
  }
  const process = await startDotnet({
    name: 'Twilio stand-in',
    dll: standInDll,
    args: ['--urls', 'http://127.0.0.1:0', ...args],
    ready: /TwilioStandIn ready (\{.*\})/,
  });
  const identity = JSON.parse(process.match[1]);
  const basic = `Basic ${Buffer.from(`${identity.apiKeySid}:${identity.apiKeySecret}`).toString('base64')}`;
  return {
    ...identity,
    pid: process.pid,
    output: process.output,
    rest: (path, init = {}) => fetch(identity.baseAddress + path, { ...init, headers: { authorization: basic, ...init.headers } }),
    control: (path, body, method = body === undefined ? 'GET' : 'POST') => fetch(`${identity.baseAddress}/_standin${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    stop: async () => { await process.stop(); },
  };
}
