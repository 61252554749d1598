// The browser scenarios for Twilio media, with the SDKs replaced by the recording fakes of
// ./twilio-fakes.mjs. Each scenario drives our real pages against whatever server it is given
// and checks two things: the page called the SDK with exactly what that server issued in its
// latest CreatePublisherToken / CreateViewerToken response (the page asks for a fresh token
// each time it connects media), and the page reacts to the SDK's events.
//
// Used by ./twilio-media.e2e.mjs (our server with Media:Provider=Twilio and the Twilio stand-in).
import assert from 'node:assert/strict';
import { watchConsole } from './browser.mjs';
import { inLastPlayer, inLastRoom, installTwilioFakes, recordedTwilioCalls } from './twilio-fakes.mjs';

const TokenMethods = ['CreatePublisherToken', 'CreateViewerToken'];

/**
 * Keeps the raw gRPC-Web bodies of the page's token responses. Protobuf carries strings as
 * their UTF-8 bytes, so "the response contained this token and this room name" is a byte search,
 * with no decoder of our own in between.
 */
export function captureTokenResponses(page) {
  const responses = [];
  page.on('response', async (response) => {
    const method = TokenMethods.find((name) => response.url().endsWith(`/livegrpc.v1.TokenService/${name}`));
    if (!method || response.status() !== 200) return;
    responses.push({ method, body: await response.body().catch(() => Buffer.alloc(0)) });
  });
  return {
    count: (method) => responses.filter((response) => response.method === method).length,
    /** Asserts the latest `method` response carried each of `values`, byte for byte. */
    assertLatestCarried(method, values, label) {
      const latest = responses.filter((response) => response.method === method).at(-1);
      assert.ok(latest, `${label}: the page received a ${method} response`);
      for (const value of values) {
        assert.ok(value, `${label}: a value to look for`);
        assert.ok(latest.body.includes(Buffer.from(value, 'utf8')), `${label}: ${method}'s latest response carried ${JSON.stringify(value.slice(0, 40))}…`);
      }
    },
  };
}

/** A page with the Twilio fakes installed, its console watched and its token responses kept. */
export async function openWithFakes(context, name, url, consoleErrors, fakeOptions) {
  const page = watchConsole(await context.newPage(), name, consoleErrors);
  await installTwilioFakes(page, fakeOptions);
  const issued = captureTokenResponses(page);
  await page.goto(url);
  return { page, issued };
}

async function waitForCalls(page, key, count, timeout = 10_000) {
  await page.waitForFunction(([key, count]) => (window.__livegrpcTwilioFakes?.recorded[key].length ?? 0) >= count, [key, count], { timeout });
  return (await recordedTwilioCalls(page))[key];
}

const phaseOf = (page, selector) => page.getAttribute(selector, 'data-phase');

async function waitForPicture(page) {
  await page.waitForFunction(() => {
    const video = document.querySelector('#player');
    return video && !video.hidden && video.videoWidth > 0 && video.currentTime > 0;
  }, null, { timeout: 10_000, polling: 50 });
}

function liveTracks(page) {
  return page.evaluate(() => {
    const stream = document.querySelector('#player').srcObject;
    const live = (tracks) => tracks.filter((track) => track.readyState === 'live').length;
    return stream instanceof MediaStream ? { video: live(stream.getVideoTracks()), audio: live(stream.getAudioTracks()) } : { video: 0, audio: 0 };
  });
}

/**
 * Host: create a stream, go live, and check the room connect; then switch to screen share and
 * ride out a reconnect. Returns the page, its token responses, what it connected with (for
 * checks against the server: token claims, the stand-in's rooms) and the watch URL.
 * @param {object} options
 * @param {(joined: { roomName: string, token: string }) => Promise<void>} [options.afterConnect]
 *   what Twilio would do once the host joined, before LIVE is awaited
 */
export async function hostGoesLiveOnTwilio({ context, webUrl, consoleErrors, title = 'Twilio stand-up', afterConnect = async () => {} }) {
  const { page: host, issued } = await openWithFakes(context, 'twilio-host', webUrl + '/host', consoleErrors);
  await host.fill('input[name="title"]', title);
  await host.click('form button[type="submit"]');
  await host.waitForURL(/\/host\/st_/);
  await host.click('#go-live');

  const [connect] = await waitForCalls(host, 'videoConnects', 1);
  issued.assertLatestCarried('CreatePublisherToken', [connect.token, connect.options.name], 'host connect');
  assert.deepEqual(connect.options.tracks.map((track) => track.kind), ['video', 'audio'], 'camera and microphone published at connect');
  assert.equal(connect.options.audio, false, 'the SDK opens no microphone of its own');
  assert.equal(connect.options.video, false, 'the SDK opens no camera of its own');
  assert.equal(connect.options.automaticSubscription, false, 'the host subscribes to nothing');
  await afterConnect({ roomName: connect.options.name, token: connect.token });
  await host.waitForSelector('#host-phase[data-phase="LIVE"]', { timeout: 15_000 });
  const camera = connect.options.tracks[0];

  // Screen share while live: the camera's track is unpublished and the screen's published.
  await host.selectOption('#video-source', 'screen');
  const [published] = await waitForCalls(host, 'published', 1);
  const { unpublished } = await recordedTwilioCalls(host);
  assert.deepEqual(unpublished.map((track) => track.id), [camera.id], 'the camera is unpublished');
  assert.equal(published.kind, 'video');
  assert.notEqual(published.id, camera.id, 'a new (screen) track is published');
  assert.equal((await recordedTwilioCalls(host)).videoConnects.length, 1, 'switching does not reconnect');

  // The SDK's own reconnection shows as RECONNECTING, and LIVE again once it is back.
  await inLastRoom(host, (room) => room.reconnecting());
  await host.waitForSelector('#host-phase[data-phase="RECONNECTING"]');
  await inLastRoom(host, (room) => room.reconnected());
  await host.waitForSelector('#host-phase[data-phase="LIVE"]');

  return { host, issued, connect, watchUrl: await host.inputValue('#share-link') };
}

/** Stop: the dashboard goes OFFLINE and leaves the room. */
export async function hostStops({ host }) {
  await host.click('#stop');
  await host.waitForSelector('#host-phase[data-phase="OFFLINE"]');
  await host.waitForFunction(() => window.__livegrpcTwilioFakes.rooms.at(-1).state === 'disconnected');
}

/** The host's room is lost for good: the dashboard says so, goes OFFLINE and can go live again with a fresh token. */
export async function hostLosesTheRoom({ host, issued }) {
  await inLastRoom(host, (room) => room.end(53001, 'Signaling connection disconnected'));
  await host.waitForFunction(() => document.querySelector('#host-phase').dataset.phase === 'OFFLINE' && !document.querySelector('#host-error').hidden);
  assert.match(await host.textContent('#host-error'), /Lost the connection to the Twilio room/);

  await host.click('#go-live');
  const connects = await waitForCalls(host, 'videoConnects', 2);
  issued.assertLatestCarried('CreatePublisherToken', [connects[1].token, connects[1].options.name], 'host connect after going live again');
  assert.equal(issued.count('CreatePublisherToken') >= 3, true, 'each connect used a newly issued token');
}

/**
 * A viewer in the room, subscribe-only: checks the connect, the picture, and the page's
 * reactions to trackUnsubscribed, participantDisconnected (the host) and the room completing.
 */
export async function roomViewerWatches({ context, watchUrl, consoleErrors, afterConnect = async () => {} }) {
  const { page: viewer, issued } = await openWithFakes(context, 'twilio-room-viewer', watchUrl, consoleErrors);
  const [connect] = await waitForCalls(viewer, 'videoConnects', 1);
  await afterConnect({ roomName: connect.options.name, token: connect.token });
  issued.assertLatestCarried('CreateViewerToken', [connect.token, connect.options.name], 'viewer connect');
  assert.deepEqual(connect.options.tracks, [], 'a viewer publishes nothing');
  assert.equal(connect.options.audio, false, 'the SDK opens no microphone');
  assert.equal(connect.options.video, false, 'the SDK opens no camera');
  assert.equal(connect.options.automaticSubscription, true, "the host's tracks are subscribed");

  await waitForPicture(viewer);
  assert.equal(await phaseOf(viewer, '#watch-phase'), 'live');
  assert.deepEqual(await liveTracks(viewer), { video: 1, audio: 1 }, "the host's camera and microphone are attached");
  assert.equal(await viewer.evaluate(() => document.querySelector('#player').muted), true, 'starts muted (autoplay rules)');
  await viewer.click('#unmute');
  assert.equal(await viewer.evaluate(() => document.querySelector('#player').muted), false, 'click-to-unmute');

  // trackUnsubscribed: the picture goes; a newly subscribed video track brings it back.
  await inLastRoom(viewer, (room) => room.unsubscribeHostTrack('video'));
  assert.deepEqual(await liveTracks(viewer), { video: 0, audio: 1 }, 'the unsubscribed video is detached');
  await inLastRoom(viewer, (room) => room.resubscribeHostVideo());
  await waitForPicture(viewer);
  assert.deepEqual(await liveTracks(viewer), { video: 1, audio: 1 });

  // participantDisconnected (the host): "host reconnecting", no frozen picture; back when the host is.
  await inLastRoom(viewer, (room) => room.removeHost());
  await viewer.waitForSelector('#watch-phase[data-phase="host-reconnecting"]');
  assert.ok(await viewer.isHidden('#player'), 'no frozen picture while the host is away');
  assert.match(await viewer.textContent('.video-overlay'), /connection dropped/);
  await inLastRoom(viewer, (room) => room.addHost());
  await viewer.waitForSelector('#watch-phase[data-phase="live"]');
  await waitForPicture(viewer);

  // The room completes (the broadcast ended): "ended".
  await inLastRoom(viewer, (room) => room.end(53118, 'Room completed'));
  await viewer.waitForSelector('#watch-phase[data-phase="ended"]');
  assert.ok(await viewer.isHidden('#player'), 'no frozen picture after the end');
  return { viewer };
}

/**
 * A Live viewer: checks Player.connect (the Player token issued, our wasm assets path), the
 * picture, click-to-unmute through the player, and that the player's Ended shows as ended.
 */
export async function liveViewerWatches({ context, webUrl, watchUrl, consoleErrors, afterConnect = async () => {} }) {
  const { page: viewer, issued } = await openWithFakes(context, 'twilio-live-viewer', watchUrl, consoleErrors);
  const [connect] = await waitForCalls(viewer, 'playerConnects', 1);
  await afterConnect({ token: connect.token });
  issued.assertLatestCarried('CreateViewerToken', [connect.token], 'Player.connect');
  assert.deepEqual(connect.options, { playerWasmAssetsPath: `${webUrl}/assets/twilio-live-player` });
  assert.equal((await recordedTwilioCalls(viewer)).videoConnects.length, 0, 'a Live viewer does not join the room');

  await waitForPicture(viewer);
  assert.equal(await phaseOf(viewer, '#watch-phase'), 'live');
  assert.equal(await inLastPlayer(viewer, (player) => player.isMuted), true, 'plays muted (autoplay rules)');
  assert.ok(await viewer.isVisible('#unmute'));
  await viewer.click('#unmute');
  assert.equal(await inLastPlayer(viewer, (player) => player.isMuted), false, 'click-to-unmute unmutes the player');
  assert.ok(await viewer.isHidden('#unmute'));

  await inLastPlayer(viewer, (player) => player.become('ended'));
  await viewer.waitForSelector('#watch-phase[data-phase="ended"]');
  assert.ok(await viewer.isHidden('#player'), 'no frozen picture after the end');
  return { viewer };
}
