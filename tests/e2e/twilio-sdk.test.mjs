// The real Twilio SDKs as the built web client ships them, in headless Chromium: their lazily
// loaded chunks evaluate in a browser (they are Node-flavoured CommonJS packages, bundled with
// a Buffer polyfill and `global`), and @twilio/live-player-sdk starts its WebAssembly worker
// from the files our server serves under /assets/twilio-live-player/. No Twilio account or
// network is needed: the Live player is given a Player token whose playback URL is on our own
// server, which it loads, finds no stream at, and ends — the SDK's path for a stream that is gone.
//
// Needs the server built (dotnet build src/LiveGrpc.Server builds web-client/) and Chromium.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startLiveGrpcServer } from '../node/livegrpc-server.mjs';
import { launchChromium, watchConsole } from './browser.mjs';

let server;
let browser;

before(async () => {
  server = await startLiveGrpcServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The SDK chunks the client imports on demand, named in its entry chunk. */
async function sdkChunks() {
  const index = await (await fetch(server.webUrl + '/')).text();
  const entry = /<script type="module"[^>]*src="([^"]+)"/.exec(index)[1];
  const code = await (await fetch(server.webUrl + entry)).text();
  const chunk = (name) => {
    const found = new RegExp(`${name}-[\\w-]+\\.js`).exec(code);
    assert.ok(found, `the entry chunk imports a ${name} chunk`);
    return `/assets/${found[0]}`;
  };
  assert.doesNotMatch(index, /video-sdk|live-player-sdk/, 'index.html does not load the SDKs up front');
  return { video: chunk('video-sdk'), livePlayer: chunk('live-player-sdk') };
}

/** An unsigned JWT with a PlaybackGrant, as far as the Live player reads one (it does not check signatures). */
function playerToken(playbackUrl) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ grants: { player: { playbackUrl, playerStreamerSid: `VJ${'0'.repeat(32)}` } } })}.unsigned`;
}

test('the Twilio SDK chunks load in Chromium and the Live player runs its WebAssembly worker from our server', async () => {
  const chunks = await sdkChunks();
  const errors = [];
  const page = watchConsole(await browser.context.newPage(), 'twilio-sdk', errors);
  const responses = [];
  page.on('response', (response) => responses.push(response));
  await page.goto(server.webUrl + '/');

  const result = await page.evaluate(async ({ chunks, token, assetsPath }) => {
    const video = await import(chunks.video);
    const { Player } = await import(chunks.livePlayer);
    const states = [];
    const playbackErrors = [];
    const player = await Player.connect(token, { playerWasmAssetsPath: assetsPath });
    player.on(Player.Event.StateChanged, (state) => states.push(state));
    player.on(Player.Event.Error, (error) => playbackErrors.push(error.code));
    await new Promise((resolve) => {
      const check = setInterval(() => {
        if (player.state === Player.State.Ended) {
          clearInterval(check);
          resolve();
        }
      }, 50);
      setTimeout(() => {
        clearInterval(check);
        resolve();
      }, 20_000);
    });
    return { connect: typeof video.connect, supported: Player.isSupported, states, playbackErrors, finalState: player.state };
  }, { chunks, token: playerToken(server.webUrl + '/'), assetsPath: `${server.webUrl}/assets/twilio-live-player` });

  assert.equal(result.connect, 'function', "twilio-video's connect");
  assert.equal(result.supported, true, 'Chromium runs the Live player');
  assert.equal(result.finalState, 'ended', `the player ends on a URL with no stream (states: ${result.states.join(', ')})`);
  assert.ok(result.playbackErrors.length > 0, 'with a playback error');

  const worker = responses.filter((response) => response.url().includes('/assets/twilio-live-player/twilio-live-player-wasmworker-'));
  const wasm = worker.find((response) => response.url().endsWith('.wasm'));
  const script = worker.find((response) => response.url().endsWith('.min.js'));
  assert.ok(script, 'the worker script came from our server');
  assert.ok(wasm, 'the WebAssembly module came from our server');
  assert.equal(wasm.status(), 200);
  assert.equal(wasm.headers()['content-type'], 'application/wasm');
  assert.equal(script.status(), 200);
  // The SDKs' own log lines are fine; a script error is not.
  assert.deepEqual(errors.filter((line) => /uncaught/.test(line)), []);
  await page.close();
});
