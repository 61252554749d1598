// End to end in real headless Chromium on the Local media provider: the host dashboard goes
// live with a fake camera, two watch pages receive moving video and audio over WebRTC, counts
// and status reach every page through the hub, and screenshots of each page are written to
// artifacts/screenshots/ at desktop and phone width. Timings are printed and written to
// artifacts/e2e-timings.json.
//
// Needs: the server built (dotnet build src/LiveGrpc.Server, which builds web-client/), Debian's
// chromium at /usr/bin/chromium, and `npm ci` in tests/e2e. Run through tests/e2e/run.sh, which
// puts server and browser in a loopback-only network namespace when it can.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot, startLiveGrpcServer } from '../node/livegrpc-server.mjs';
import { launchChromium, watchConsole } from './browser.mjs';
import { writeFakeCameraClip } from './fake-camera.mjs';

const screenshots = path.join(repoRoot, 'artifacts', 'screenshots');
const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };

let server;
let browser;
let scratch;
const consoleErrors = [];
const timings = {};
/** Every URL the pages asked for: Local media must never pull in the (large) Twilio SDKs. */
const requested = [];

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  scratch = mkdtempSync(path.join(os.tmpdir(), 'livegrpc-e2e-'));
  const fakeCameraFile = path.join(scratch, 'camera.y4m');
  writeFakeCameraClip(fakeCameraFile);
  server = await startLiveGrpcServer();
  browser = await launchChromium({ fakeCameraFile });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  if (Object.keys(timings).length) {
    writeFileSync(path.join(repoRoot, 'artifacts', 'e2e-timings.json'), JSON.stringify(timings, null, 2));
    console.log('e2e timings (ms):');
    for (const [name, ms] of Object.entries(timings)) console.log(`  ${name.padEnd(48)} ${ms}`);
  }
});

async function open(name, url, viewport = desktop) {
  const page = watchConsole(await browser.context.newPage(), name, consoleErrors);
  page.on('request', (request) => requested.push(request.url()));
  await page.setViewportSize(viewport);
  await page.goto(url);
  return page;
}

async function shoot(page, name) {
  const size = page.viewportSize();
  for (const [label, viewport] of [['desktop', desktop], ['phone', phone]]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(150); // let layout and the video element settle at the new width
    await page.screenshot({ path: path.join(screenshots, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(size);
}

/** What the watch page's <video> is doing right now. */
function videoState(page) {
  return page.evaluate(() => {
    const video = document.querySelector('#player');
    const stream = video?.srcObject;
    return {
      width: video?.videoWidth ?? 0,
      height: video?.videoHeight ?? 0,
      time: video?.currentTime ?? 0,
      hidden: video?.hidden ?? true,
      audioTracks: stream ? stream.getAudioTracks().filter((track) => track.readyState === 'live').length : 0,
      videoTracks: stream ? stream.getVideoTracks().filter((track) => track.readyState === 'live').length : 0,
      phase: document.querySelector('#watch-phase')?.dataset.phase,
    };
  });
}

/**
 * The picture on the watch page: its average colour ("red" is the fake camera clip, "green" is
 * Chromium's fake screen) and a small greyscale thumbnail to compare frames with.
 */
function picture(page) {
  return page.evaluate(() => {
    const video = document.querySelector('#player');
    const canvas = document.createElement('canvas');
    canvas.width = 32;
    canvas.height = 18;
    const context = canvas.getContext('2d');
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let red = 0;
    let green = 0;
    const thumbnail = [];
    for (let i = 0; i < data.length; i += 4) {
      red += data[i];
      green += data[i + 1];
      thumbnail.push(Math.round((data[i] + data[i + 1] + data[i + 2]) / 3));
    }
    return { colour: red > green * 1.5 ? 'red' : green > red * 1.5 ? 'green' : 'other', thumbnail };
  });
}

function difference(a, b) {
  return a.reduce((sum, value, i) => sum + Math.abs(value - b[i]), 0) / a.length;
}

/** Resolves once the page shows a picture (videoWidth > 0) that is playing (currentTime > 0). */
async function waitForFirstFrame(page, timeout = 15_000) {
  await page.waitForFunction(() => {
    const video = document.querySelector('#player');
    return video && !video.hidden && video.videoWidth > 0 && video.currentTime > 0;
  }, null, { timeout, polling: 25 });
}

/** Asserts the picture is moving: currentTime advances and frames keep a size. */
async function assertMovingVideo(page, label) {
  const first = await videoState(page);
  const firstPicture = await picture(page);
  await page.waitForTimeout(700);
  const second = await videoState(page);
  const secondPicture = await picture(page);
  assert.ok(difference(firstPicture.thumbnail, secondPicture.thumbnail) > 1, `${label}: frames change`);
  assert.ok(second.width > 0 && second.height > 0, `${label}: videoWidth ${second.width}`);
  assert.ok(second.time > first.time + 0.3, `${label}: currentTime did not advance (${first.time} → ${second.time})`);
  assert.equal(second.videoTracks, 1, `${label}: a live video track`);
  assert.equal(second.audioTracks, 1, `${label}: a live audio track`);
  return second;
}

async function textOf(page, selector) {
  return (await page.textContent(selector))?.trim();
}

/** Waits until `selector`'s text equals `expected`, returning how long that took from `since`. */
async function timeUntilText(page, selector, expected, since, timeout) {
  await page.waitForFunction(
    ([sel, want]) => document.querySelector(sel)?.textContent.trim() === want,
    [selector, expected],
    { timeout, polling: 20 },
  );
  return Date.now() - since;
}

test('discovery shows how to start when there are no streams, and unknown pages and streams say so', async () => {
  const discovery = await open('discovery-empty', server.webUrl + '/');
  await discovery.waitForSelector('.empty:not([hidden])');
  assert.match(await textOf(discovery, '.empty'), /No streams yet/);
  assert.ok(await discovery.isVisible('a[href="/host"].button'), 'a link to the host dashboard');
  await shoot(discovery, 'discovery-empty');

  const unknown = await open('watch-unknown', server.webUrl + '/watch/st_doesnotexist');
  await unknown.waitForSelector('#watch-phase[data-phase="not-found"]');
  assert.match(await textOf(unknown, '.video-overlay'), /no stream/i);
  await shoot(unknown, 'watch-unknown');

  const host = await open('host-home', server.webUrl + '/host');
  await host.waitForSelector('form input[name="title"]');
  await shoot(host, 'host-create');
  for (const page of [discovery, unknown, host]) await page.close();
  assert.deepEqual(consoleErrors, [], 'no console errors on load');
});

test('a private stream asks for the passcode and admits a viewer who has it', async () => {
  const host = await open('host-private', server.webUrl + '/host');
  await host.fill('input[name="title"]', 'Private rehearsal');
  await host.selectOption('select[name="visibility"]', 'private');
  await host.fill('input[name="passcode"]', 'open-sesame');
  await host.click('form button[type="submit"]');
  await host.waitForURL(/\/host\/st_/);
  const watchUrl = await host.inputValue('#share-link');

  const viewer = await open('watch-private', watchUrl);
  await viewer.waitForSelector('#watch-phase[data-phase="needs-credential"]');
  await shoot(viewer, 'watch-private');
  await viewer.fill('.panel input[type="password"]', 'wrong-pass');
  await viewer.click('.panel button[type="submit"]');
  await viewer.waitForFunction(() => /not valid/.test(document.querySelector('.video-overlay')?.textContent ?? ''));
  await viewer.fill('.panel input[type="password"]', 'open-sesame');
  await viewer.click('.panel button[type="submit"]');
  await viewer.waitForSelector('#watch-phase[data-phase="waiting"]');
  // Counts are coalesced (one push per second at most): the join's snapshot may still say 0.
  await timeUntilText(viewer, '#watch-viewers', '1 viewer watching', Date.now(), 3_000);
  await viewer.close();
  await host.close();
  // The wrong passcode is refused by the server with 403 PERMISSION_DENIED, which the browser logs.
  const unexpected = consoleErrors.filter((line) => !/watch-private: console error: Failed to load resource/.test(line));
  assert.deepEqual(unexpected, []);
  consoleErrors.length = 0;
});

test('a host whose camera is blocked or who picks no source gets a clear message and no half-live stream', async () => {
  const blocked = await launchChromium({ grantMedia: false });
  try {
    const errors = [];
    const host = watchConsole(await blocked.context.newPage(), 'host-blocked', errors);
    await host.goto(server.webUrl + '/host');
    await host.fill('input[name="title"]', 'Camera blocked');
    await host.click('form button[type="submit"]');
    await host.waitForURL(/\/host\/st_/);
    await host.click('#go-live');
    // The message can show while the attempt is still being undone (CONNECTING): wait for both.
    await host.waitForFunction(() => !document.querySelector('#host-error').hidden
      && document.querySelector('#host-phase').textContent === 'OFFLINE');
    assert.match(await textOf(host, '#host-error'), /access was denied/);
    assert.equal(await host.getAttribute('#go-live', 'aria-checked'), 'false');
    await shoot(host, 'host-camera-blocked');

    // Nothing went live on the server: a viewer waits for the host.
    const viewer = await open('viewer-of-blocked', await host.inputValue('#share-link'));
    await viewer.waitForSelector('#watch-phase[data-phase="waiting"]');
    await viewer.close();

    // "No video" and "No microphone": the dashboard says what is missing instead of going live empty.
    await host.selectOption('#video-source', 'none');
    await host.selectOption('#microphone', 'none');
    await host.click('#go-live');
    // Picking "none" already shows the message, before the click: wait for the attempt to be
    // undone (the switch passes through CONNECTING while it cleans up), then check both.
    await host.waitForFunction(() => document.querySelector('#host-phase').textContent === 'OFFLINE'
      && document.querySelector('#go-live').getAttribute('aria-checked') === 'false');
    assert.match(await textOf(host, '#host-error'), /Choose a camera, a screen or a microphone/);
    await host.close();
    // The refused camera is reported on the page, not as a script error.
    assert.deepEqual(errors, []);
  } finally {
    await blocked.close();
  }
});

test('a viewer beyond the local mesh cap is told the stream is full and still sees its status and count', async () => {
  const small = await startLiveGrpcServer({ args: ['--Media:Local:MaxViewers=1'] });
  try {
    const host = await open('host-small-mesh', small.webUrl + '/host');
    await host.fill('input[name="title"]', 'Small room');
    await host.click('form button[type="submit"]');
    await host.waitForURL(/\/host\/st_/);
    await host.click('#go-live');
    await host.waitForSelector('#host-phase[data-phase="LIVE"]', { timeout: 10_000 });
    const watchUrl = await host.inputValue('#share-link');

    const first = await open('viewer-in-mesh', watchUrl);
    await waitForFirstFrame(first);
    const second = await open('viewer-mesh-full', watchUrl);
    await second.waitForSelector('#watch-phase[data-phase="mesh-full"]');
    assert.match(await textOf(second, '.video-overlay'), /full/i);
    // Still a viewer: it counts, and it sees the count.
    await timeUntilText(second, '#watch-viewers', '2 viewers watching', Date.now(), 3_000);
    await shoot(second, 'watch-mesh-full');
    for (const page of [second, first]) await page.close();
    await host.click('#stop');
    await host.close();
  } finally {
    await small.stop();
  }
});

test('host goes live; two viewers watch; counts, screen share, stop and going live again reach everyone', async () => {
  // Host: create a stream and go live with the fake camera and microphone.
  const host = await open('host', server.webUrl + '/host');
  await host.fill('input[name="title"]', 'Morning stand-up');
  await host.fill('textarea[name="description"]', 'Live from the e2e suite');
  await host.click('form button[type="submit"]');
  await host.waitForURL(/\/host\/st_/);
  assert.match(await host.inputValue('.secret input'), /\S{20,}/, 'the host secret is shown once');
  await host.waitForSelector('#host-phase[data-phase="OFFLINE"]');

  const goLiveAt = Date.now();
  await host.click('#go-live');
  await host.waitForSelector('#host-phase[data-phase="LIVE"]', { timeout: 10_000 });
  timings['host: go-live click → LIVE'] = Date.now() - goLiveAt;
  const watchUrl = await host.inputValue('#share-link');
  const streamId = new URL(host.url()).pathname.split('/').pop();
  const card = `.card[data-stream-id="${streamId}"]`;

  // Viewer A.
  const openA = Date.now();
  const viewerA = await open('viewer-a', watchUrl);
  await waitForFirstFrame(viewerA);
  timings['viewer A: open → first frame'] = Date.now() - openA;
  await assertMovingVideo(viewerA, 'viewer A');
  assert.equal((await picture(viewerA)).colour, 'red', 'viewer A sees the camera');

  // Viewer B, and the host's count.
  const openB = Date.now();
  const viewerB = await open('viewer-b', watchUrl);
  await viewerB.waitForSelector('#watch-phase[data-phase="live"]');
  const joinedB = Date.now();
  timings['host: count 2 after viewer B joined'] = await timeUntilText(host, '#viewer-count', '2', joinedB, 5_000);
  timings['host: count 2 after viewer B opened'] = Date.now() - openB;
  await waitForFirstFrame(viewerB);
  timings['viewer B: open → first frame'] = Date.now() - openB;
  await assertMovingVideo(viewerB, 'viewer B');
  assert.ok(timings['host: count 2 after viewer B joined'] <= 2_000, `count took ${timings['host: count 2 after viewer B joined']} ms`);
  assert.equal(await textOf(viewerA, '#watch-viewers'), '2 viewers watching');
  assert.equal(await textOf(host, '#peak-count'), '2');

  // Click-to-unmute (autoplay starts muted).
  assert.ok(await viewerA.isVisible('#unmute'));
  await viewerA.click('#unmute');
  assert.equal(await viewerA.evaluate(() => document.querySelector('#player').muted), false);
  assert.ok(await viewerA.isHidden('#unmute'));

  await shoot(host, 'host-live');
  await shoot(viewerA, 'watch-live');

  // Viewer B leaves: the host sees 1.
  const closeB = Date.now();
  await viewerB.close();
  timings['host: count 1 after viewer B closed'] = await timeUntilText(host, '#viewer-count', '1', closeB, 5_000);

  await host.bringToFront();
  // Screen share while live: the viewer keeps its connection and now sees the (green, 16:9) screen.
  const camera = await videoState(viewerA);
  assert.ok(Math.abs(camera.width / camera.height - 4 / 3) < 0.05, `the camera clip is 4:3 (${camera.width}×${camera.height})`);
  const switchAt = Date.now();
  await host.selectOption('#video-source', 'screen');
  await viewerA.waitForFunction(() => {
    const video = document.querySelector('#player');
    return video.videoHeight > 0 && Math.abs(video.videoWidth / video.videoHeight - 16 / 9) < 0.05;
  }, null, { timeout: 10_000, polling: 25 });
  timings['viewer A: screen share visible after switch'] = Date.now() - switchAt;
  await assertMovingVideo(viewerA, 'viewer A after screen share');
  assert.equal((await picture(viewerA)).colour, 'green', 'viewer A sees the screen');
  assert.equal(await textOf(host, '#host-phase'), 'LIVE');
  await shoot(host, 'host-screen-share');

  // Host goes offline: the viewer shows "ended" within 1 s.
  await host.bringToFront();
  const stopAt = Date.now();
  await host.click('#stop');
  await viewerA.waitForSelector('#watch-phase[data-phase="ended"]', { timeout: 5_000 });
  timings['viewer A: stop → ended'] = Date.now() - stopAt;
  // Where the time goes: the server answers StopStream after announcing STOPPING and saving the ended broadcast.
  timings['host: StopStream round trip (gRPC-Web)'] = await host.evaluate(() =>
    Math.round(performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('/StopStream')).at(-1)?.duration ?? -1));
  assert.ok(timings['viewer A: stop → ended'] <= 1_000, `ended after ${timings['viewer A: stop → ended']} ms`);
  await host.waitForSelector('#host-phase[data-phase="OFFLINE"]');
  assert.ok(await viewerA.isHidden('#player'), 'no frozen last frame after the end');
  await shoot(viewerA, 'watch-ended');

  // Discovery lists the stream as offline with its last-live time.
  const discovery = await open('discovery', server.webUrl + '/');
  await discovery.waitForSelector(`ul[aria-label="Offline streams"] ${card}`);
  assert.match(await textOf(discovery, `${card} .card-figure`), /Last live just now/);

  // Host goes live again: the remaining viewer resumes without a reload. (The dashboard tab comes
  // to the front first: Playwright's click waits for animation frames, which background tabs skip.)
  await host.bringToFront();
  const againAt = Date.now();
  await host.click('#go-live');
  await host.waitForSelector('#host-phase[data-phase="LIVE"]', { timeout: 10_000 });
  await viewerA.waitForSelector('#watch-phase[data-phase="live"]', { timeout: 5_000 });
  timings['viewer A: go-live again → shows Live'] = Date.now() - againAt;
  await waitForFirstFrame(viewerA);
  timings['viewer A: go-live again → picture resumes'] = Date.now() - againAt;
  await assertMovingVideo(viewerA, 'viewer A after going live again');

  // Discovery shows it live with its count, updated in place: the card moves up to "Live now".
  await discovery.waitForFunction((sel) => document.querySelector(`ul[aria-label="Live streams"] ${sel} .badge`)?.textContent === 'Live', card, { timeout: 5_000 });
  await discovery.waitForFunction((sel) => document.querySelector(`${sel} .card-figure`)?.textContent === '1 viewer', card, { timeout: 5_000 });
  const liveCount = Date.now();
  const viewerC = await open('viewer-c', watchUrl);
  await viewerC.waitForSelector('#watch-phase[data-phase="live"]');
  timings['discovery: count updates in place'] = await timeUntilText(discovery, `${card} .card-figure`, '2 viewers', liveCount, 5_000);
  await shoot(discovery, 'discovery-live');
  await viewerC.close();

  await host.click('#stop');
  await host.waitForSelector('#host-phase[data-phase="OFFLINE"]');
  for (const page of [discovery, viewerA, host]) await page.close();
  assert.deepEqual(consoleErrors, [], 'no console errors');
  assert.deepEqual(requested.filter((url) => /\/assets\/(video-sdk|live-player-sdk|events)-|twilio-live-player/.test(url)), [], 'no Twilio SDK downloaded on Local media');
});
