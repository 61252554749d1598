// The SignalR hub /hubs/streams driven by the real @microsoft/signalr JavaScript client, against
// the built LiveGrpc server (streams and tokens made over gRPC with @grpc/grpc-js). Each test uses
// its own stream. Build first: `dotnet build src/LiveGrpc.Server`.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startLiveGrpcServer } from './livegrpc-server.mjs';
import { connectHub, hubErrorCode, liveGrpcApi, mintToken, sleep } from './hub-support.mjs';

const SIGNING_KEY = 'hub-suite-signing-key-0123456789abcdef';
const PUSH_INTERVAL_MS = 500;
const MESH_CAP = 3;
const CLIENT_TIMEOUT_MS = 3_000;

describe('StreamHub over @microsoft/signalr', { timeout: 180_000 }, () => {
  let server;
  let api;
  const connections = [];

  /** A hub connection closed in after(), whatever the test did with it. */
  const hub = async (options) => {
    const connection = await connectHub(server.webUrl, options);
    connections.push(connection);
    return connection;
  };

  /** A new stream, its host secret, and fresh viewer and publisher tokens. */
  const newStream = async (options) => {
    const { stream, hostSecret } = await api.createStream(`hub ${randomUUID().slice(0, 8)}`, options);
    return {
      id: stream.id,
      hostSecret,
      viewerToken: (extra) => api.viewerToken(stream.id, extra),
      publisherToken: () => api.publisherToken(stream.id, hostSecret),
    };
  };

  const watch = async (stream, request = {}) => {
    const connection = await hub();
    const response = await connection.invoke('Watch', { streamId: stream.id, token: await stream.viewerToken(), ...request });
    return { connection, response };
  };

  const host = async (stream) => {
    const connection = await hub();
    const response = await connection.invoke('Host', { streamId: stream.id, token: await stream.publisherToken() });
    return { connection, response };
  };

  const rejectsWith = (promise, code) =>
    assert.rejects(promise, (error) => {
      assert.equal(hubErrorCode(error), code, `expected hub error ${code}, got: ${error.message}`);
      return true;
    });

  before(async () => {
    server = await startLiveGrpcServer({
      args: [
        `--Tokens:SigningKey=${SIGNING_KEY}`,
        '--Tokens:IssuancePermitsPerSecond=100000',
        '--Tokens:IssuanceBurst=100000',
        `--Media:Local:MaxViewers=${MESH_CAP}`,
        `--Presence:PushInterval=00:00:00.${PUSH_INTERVAL_MS}`,
        `--Hub:ClientTimeoutInterval=00:00:0${CLIENT_TIMEOUT_MS / 1000}`,
        '--Hub:KeepAliveInterval=00:00:01',
      ],
    });
    api = liveGrpcApi(server.grpcAddress);
  });

  after(async () => {
    await Promise.allSettled(connections.map((c) => c.stop()));
    api?.close();
    await server?.stop();
  });

  test('a join answers with a full snapshot, and status pushes carry increasing versions', async () => {
    const stream = await newStream();
    const watcher = await watch(stream, { receiveMedia: false });
    const snapshot = watcher.response.stream;
    assert.equal(snapshot.streamId, stream.id);
    assert.equal(snapshot.status, 'OFFLINE');
    assert.equal(snapshot.viewerCount, 0);
    assert.equal(snapshot.broadcast, null);
    assert.ok(snapshot.version >= 1);
    assert.equal(watcher.response.peerId, null, 'a watcher without media is not in the mesh');

    await api.startStream(stream.id, stream.hostSecret);
    const starting = await watcher.connection.waitFor('StatusChanged', (p) => p.status === 'STARTING');
    assert.ok(starting.version > snapshot.version);
    assert.match(starting.broadcast.id, /^bc_/);

    // The host dashboard is the publisher session in Local mode: it takes the stream LIVE.
    const dashboard = await host(stream);
    const live = await watcher.connection.waitFor('StatusChanged', (p) => p.status === 'LIVE');
    assert.ok(live.version > starting.version);
    assert.equal(live.broadcast.id, starting.broadcast.id);
    assert.equal(dashboard.response.stream.status, 'LIVE', 'the host snapshot is read after its publisher session connected');

    // A second join (a reconnect) gets everything back in one snapshot.
    const later = await watch(stream, { receiveMedia: false });
    assert.equal(later.response.stream.status, 'LIVE');
    assert.equal(later.response.stream.broadcast.id, starting.broadcast.id);
    assert.ok(later.response.stream.version >= live.version);
  });

  test('watchers count while joined: the host sees joins and leaves, and an explicit Leave counts at once', async () => {
    const stream = await newStream();
    const dashboard = await host(stream);
    const watchers = [];
    for (let i = 0; i < 3; i += 1) watchers.push(await watch(stream));
    await dashboard.connection.waitFor('ViewerCountChanged', (p) => p.viewerCount === 3);

    await watchers[0].connection.invoke('Leave', { streamId: stream.id });
    await dashboard.connection.waitFor('ViewerCountChanged', (p) => p.viewerCount === 2);
    await watchers[1].connection.stop();
    await dashboard.connection.waitFor('ViewerCountChanged', (p) => p.viewerCount === 1);
    assert.equal((await api.getStream(stream.id)).viewerCount, 1, 'gRPC GetStream agrees with the hub');

    // Leave is idempotent, and a connection that left can watch again.
    await watchers[0].connection.invoke('Leave', { streamId: stream.id });
    await watchers[0].connection.invoke('Watch', { streamId: stream.id, token: await stream.viewerToken() });
    await dashboard.connection.waitFor('ViewerCountChanged', (p) => p.viewerCount === 2 && p.version > 0);
  });

  test('a burst of joins is coalesced: at most one count push per interval per watcher, and the final count is exact', async () => {
    const stream = await newStream();
    const dashboard = await host(stream);
    const burst = 40;
    const tokens = await Promise.all(Array.from({ length: burst }, () => stream.viewerToken()));
    const watchers = await Promise.all(tokens.map(async (token) => {
      const connection = await hub();
      await connection.invoke('Watch', { streamId: stream.id, token, receiveMedia: false });
      return connection;
    }));
    await dashboard.connection.waitFor('ViewerCountChanged', (p) => p.viewerCount === burst);
    await sleep(3 * PUSH_INTERVAL_MS); // anything still to come would arrive now

    // Pacing is judged by the server's stamp on each push (when its coalescing flush ran), not by
    // receive time, so a busy test machine delaying delivery cannot make pushes look bunched.
    for (const connection of [dashboard.connection, ...watchers]) {
      const counts = connection.pushes.ViewerCountChanged.filter((p) => p.streamId === stream.id);
      const stamps = counts.map((p) => Date.parse(p.time));
      for (let i = 1; i < counts.length; i += 1) {
        const gap = stamps[i] - stamps[i - 1];
        assert.ok(gap >= 0.25 * PUSH_INTERVAL_MS, `two count pushes flushed ${gap} ms apart (interval ${PUSH_INTERVAL_MS} ms)`);
        assert.ok(counts[i].version > counts[i - 1].version, 'count pushes arrive in version order');
        assert.notEqual(counts[i].viewerCount, counts[i - 1].viewerCount, 'a push only when the count changed');
      }
      if (counts.length > 0) {
        const span = stamps.at(-1) - stamps[0];
        assert.ok(counts.length <= span / PUSH_INTERVAL_MS + 2, `${counts.length} count pushes within ${span} ms`);
      }
    }
    const hostCounts = dashboard.connection.pushes.ViewerCountChanged.filter((p) => p.streamId === stream.id);
    assert.ok(hostCounts.length < burst / 4, `${burst} joins gave ${hostCounts.length} pushes to the host`);
    assert.equal(hostCounts.at(-1).viewerCount, burst, 'the last push is the exact count');
    assert.equal((await api.getStream(stream.id)).viewerCount, burst);
  });

  test('a reconnect with the same session id is not counted twice', async () => {
    const stream = await newStream();
    const dashboard = await host(stream);
    const sessionId = `tab-${randomUUID()}`;
    const first = await watch(stream, { sessionId });
    await dashboard.connection.waitFor('ViewerCountChanged', (p) => p.viewerCount === 1);

    // The client comes back on a new connection, with a fresh token, before the old one is gone.
    const second = await watch(stream, { sessionId });
    await sleep(3 * PUSH_INTERVAL_MS);
    assert.equal((await api.getStream(stream.id)).viewerCount, 1, 'two connections, one session, one viewer');
    assert.ok(!dashboard.connection.pushes.ViewerCountChanged.some((p) => p.streamId === stream.id && p.viewerCount > 1));

    await first.connection.stop();
    await sleep(3 * PUSH_INTERVAL_MS);
    assert.equal((await api.getStream(stream.id)).viewerCount, 1, 'the session stays while its new connection holds it');

    // A different session is a different viewer, even with the same token.
    const token = await stream.viewerToken();
    const third = await hub();
    await third.invoke('Watch', { streamId: stream.id, token, sessionId: `tab-${randomUUID()}` });
    await dashboard.connection.waitFor('ViewerCountChanged', (p) => p.viewerCount === 2);
    await second.connection.stop();
    await third.stop();
    await dashboard.connection.waitFor('ViewerCountChanged', (p) => p.viewerCount === 0);
  });

  test('one viewer token cannot be replayed as many sessions to inflate the count', async () => {
    const stream = await newStream();
    const dashboard = await host(stream);
    const token = await stream.viewerToken();
    const first = await hub();
    await first.invoke('Watch', { streamId: stream.id, token, sessionId: `tab-${randomUUID()}` });
    await dashboard.connection.waitFor('ViewerCountChanged', (p) => p.viewerCount === 1);

    const replay = await hub();
    await rejectsWith(replay.invoke('Watch', { streamId: stream.id, token, sessionId: `fake-${randomUUID()}` }), 'failed_precondition');
    await sleep(3 * PUSH_INTERVAL_MS);
    assert.equal((await api.getStream(stream.id)).viewerCount, 1, 'the replayed token added no viewer');

    // Once the first connection is gone the token is free again.
    await first.stop();
    await dashboard.connection.waitFor('ViewerCountChanged', (p) => p.viewerCount === 0);
    await replay.invoke('Watch', { streamId: stream.id, token, sessionId: `tab-${randomUUID()}` });
    await dashboard.connection.waitFor('ViewerCountChanged', (p) => p.viewerCount === 1);
    await replay.stop();
  });

  test('followers receive status and counts of many streams without counting', async () => {
    const publicStream = await newStream();
    const unlisted = await newStream({ visibility: 'VISIBILITY_UNLISTED' });
    const privateStream = await newStream({ visibility: 'VISIBILITY_PRIVATE', viewerPasscode: 'open sesame' });

    const follower = await hub();
    const missing = 'st_000000000000';
    const followed = await follower.invoke('Follow', { streamIds: [publicStream.id, unlisted.id, privateStream.id, missing] });
    assert.deepEqual(followed.streams.map((s) => s.streamId).sort(), [publicStream.id, unlisted.id].sort());
    assert.deepEqual(
      followed.unavailable.map((u) => [u.streamId, u.code]).sort(),
      [[missing, 'not_found'], [privateStream.id, 'forbidden']].sort());

    // With a token for the private stream it can be followed too.
    const privateToken = await privateStream.viewerToken({ viewerPasscode: 'open sesame' });
    const unlocked = await follower.invoke('Follow', { streamIds: [privateStream.id], tokens: [privateToken] });
    assert.deepEqual(unlocked.streams.map((s) => s.streamId), [privateStream.id]);

    await api.startStream(publicStream.id, publicStream.hostSecret);
    await follower.waitFor('StatusChanged', (p) => p.streamId === publicStream.id && p.status === 'STARTING');
    await watch(unlisted);
    await follower.waitFor('ViewerCountChanged', (p) => p.streamId === unlisted.id && p.viewerCount === 1);
    await sleep(3 * PUSH_INTERVAL_MS);
    for (const stream of [publicStream, privateStream]) {
      assert.equal((await api.getStream(stream.id)).viewerCount, 0, 'following is not watching');
    }
    assert.equal((await api.getStream(unlisted.id)).viewerCount, 1);

    // Unfollow stops the pushes.
    await follower.invoke('Unfollow', { streamIds: [publicStream.id] });
    await api.stopStream(publicStream.id, publicStream.hostSecret);
    await sleep(3 * PUSH_INTERVAL_MS);
    assert.ok(!follower.pushes.StatusChanged.some((p) => p.streamId === publicStream.id && p.status === 'OFFLINE'));
  });

  test('signalling: offer, answer and ICE pass only between the host and each of its viewers', async () => {
    const stream = await newStream();
    const other = await newStream();
    const dashboard = await host(stream);
    const hostPeerId = dashboard.response.peerId;
    const v1 = await watch(stream);
    const v2 = await watch(stream);
    const outsider = await watch(other);
    assert.match(v1.response.peerId, /^pr_/);
    assert.equal(v1.response.hostPeerId, hostPeerId);
    assert.notEqual(v1.response.peerId, v2.response.peerId);
    await dashboard.connection.waitFor('ViewerJoined', (p) => p.peerId === v1.response.peerId);
    await dashboard.connection.waitFor('ViewerJoined', (p) => p.peerId === v2.response.peerId);

    // Host -> viewer 1: offer and candidate arrive from the host's peer id.
    const sdpOffer = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
    await dashboard.connection.invoke('SignalViewer', { streamId: stream.id, peerId: v1.response.peerId, kind: 'offer', sdp: sdpOffer });
    const offer = await v1.connection.waitFor('Signal', (p) => p.kind === 'offer');
    assert.deepEqual([offer.streamId, offer.fromPeerId, offer.sdp], [stream.id, hostPeerId, sdpOffer]);
    const candidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 };
    await dashboard.connection.invoke('SignalViewer', { streamId: stream.id, peerId: v1.response.peerId, kind: 'candidate', candidate });
    const hostCandidate = await v1.connection.waitFor('Signal', (p) => p.kind === 'candidate');
    assert.equal(hostCandidate.candidate.candidate, candidate.candidate);

    // Viewer 1 -> host: answer and candidate arrive from viewer 1's peer id.
    await v1.connection.invoke('SignalHost', { streamId: stream.id, kind: 'answer', sdp: 'v=0\r\nanswer\r\n' });
    const answer = await dashboard.connection.waitFor('Signal', (p) => p.kind === 'answer');
    assert.equal(answer.fromPeerId, v1.response.peerId);
    await v1.connection.invoke('SignalHost', { streamId: stream.id, kind: 'candidate', candidate });
    assert.equal((await dashboard.connection.waitFor('Signal', (p) => p.kind === 'candidate')).fromPeerId, v1.response.peerId);

    // A viewer cannot signal another viewer, act as the host, or open a negotiation.
    await rejectsWith(v1.connection.invoke('SignalViewer', { streamId: stream.id, peerId: v2.response.peerId, kind: 'offer', sdp: sdpOffer }), 'not_host');
    await rejectsWith(v1.connection.invoke('Host', { streamId: stream.id, token: await stream.viewerToken() }), 'not_host');
    await rejectsWith(v1.connection.invoke('SignalHost', { streamId: stream.id, kind: 'offer', sdp: sdpOffer }), 'invalid_request');
    // Nor reach a stream it does not watch, nor its host.
    await rejectsWith(v1.connection.invoke('SignalHost', { streamId: other.id, kind: 'answer', sdp: 'x' }), 'not_watching');
    // The host cannot address a peer outside its own stream.
    await rejectsWith(dashboard.connection.invoke('SignalViewer', { streamId: stream.id, peerId: outsider.response.peerId, kind: 'offer', sdp: sdpOffer }), 'unknown_peer');
    await rejectsWith(dashboard.connection.invoke('SignalViewer', { streamId: other.id, peerId: outsider.response.peerId, kind: 'offer', sdp: sdpOffer }), 'not_host');
    // A watcher with no host to talk to gets a clear answer.
    await rejectsWith(outsider.connection.invoke('SignalHost', { streamId: other.id, kind: 'answer', sdp: 'x' }), 'no_host');

    await sleep(200);
    assert.equal(v2.connection.pushes.Signal.length, 0, 'viewer 2 received nothing meant for viewer 1');
    assert.equal(outsider.connection.pushes.Signal.length, 0);

    // The host learns when a viewer leaves the mesh.
    await v2.connection.stop();
    await dashboard.connection.waitFor('ViewerLeft', (p) => p.peerId === v2.response.peerId);
  });

  test('the host dashboard holds the publisher session: a drop means RECONNECTING, a new dashboard takes over without a blip', async () => {
    const stream = await newStream();
    const watcher = await watch(stream, { receiveMedia: false });
    await api.startStream(stream.id, stream.hostSecret);
    const first = await host(stream);
    await watcher.connection.waitFor('StatusChanged', (p) => p.status === 'LIVE');

    // A second dashboard (another tab) takes over; the first is told, and the stream stays LIVE.
    const second = await host(stream);
    await first.connection.waitFor('HostReplaced', (p) => p.streamId === stream.id);
    await rejectsWith(first.connection.invoke('SignalViewer', { streamId: stream.id, peerId: 'pr_0', kind: 'offer', sdp: 'x' }), 'not_host');
    await first.connection.stop();
    await sleep(3 * PUSH_INTERVAL_MS);
    assert.ok(!watcher.connection.pushes.StatusChanged.some((p) => p.status === 'RECONNECTING'), 'no RECONNECTING while a dashboard is connected');

    await second.connection.stop();
    const reconnecting = await watcher.connection.waitFor('StatusChanged', (p) => p.status === 'RECONNECTING');
    await host(stream);
    await watcher.connection.waitFor('StatusChanged', (p) => p.status === 'LIVE' && p.version > reconnecting.version);
  });

  test('the local mesh is capped: later viewers get stream_full; status-only watchers and rejoining sessions still fit', async () => {
    const stream = await newStream();
    const dashboard = await host(stream);
    const sessions = [];
    for (let i = 0; i < MESH_CAP; i += 1) {
      const sessionId = `seat-${i}-${randomUUID()}`;
      sessions.push(sessionId);
      await watch(stream, { sessionId });
    }
    const late = await hub();
    await assert.rejects(late.invoke('Watch', { streamId: stream.id, token: await stream.viewerToken() }), (error) => {
      assert.equal(hubErrorCode(error), 'stream_full');
      assert.match(error.message, new RegExp(`at most ${MESH_CAP} viewers`));
      return true;
    });
    await dashboard.connection.waitFor('ViewerCountChanged', (p) => p.viewerCount === MESH_CAP);
    await sleep(3 * PUSH_INTERVAL_MS);
    assert.equal((await api.getStream(stream.id)).viewerCount, MESH_CAP, 'a refused viewer is not counted');

    // Someone already seated reconnecting is not turned away.
    const rejoin = await watch(stream, { sessionId: sessions[0] });
    assert.match(rejoin.response.peerId, /^pr_/);
    // Watching without media does not take a seat.
    await late.invoke('Watch', { streamId: stream.id, token: await stream.viewerToken(), receiveMedia: false });
    await dashboard.connection.waitFor('ViewerCountChanged', (p) => p.viewerCount === MESH_CAP + 1);
  });

  test('expired, forged and misused tokens are refused with a clear code', async () => {
    const stream = await newStream();
    const other = await newStream();
    const connection = await hub();
    const join = (token, method = 'Watch', streamId = stream.id) => connection.invoke(method, { streamId, token });

    await rejectsWith(join(mintToken(SIGNING_KEY, { streamId: stream.id, expiresInSeconds: -60 })), 'token_expired');
    await rejectsWith(join(mintToken('some-other-servers-signing-key-0123456789', { streamId: stream.id })), 'invalid_token');
    const genuine = await stream.viewerToken();
    const [header, payload, signature] = genuine.split('.');
    const tampered = JSON.parse(Buffer.from(payload, 'base64url'));
    tampered.lg_role = 'publisher';
    await rejectsWith(join(`${header}.${Buffer.from(JSON.stringify(tampered)).toString('base64url')}.${signature}`, 'Host'), 'invalid_token');
    await rejectsWith(join('not-a-token'), 'invalid_token');
    await rejectsWith(join(''), 'invalid_token');
    await rejectsWith(join(genuine, 'Watch', other.id), 'wrong_stream');
    await rejectsWith(join(await stream.publisherToken(), 'Watch'), 'not_viewer');
    await rejectsWith(connection.invoke('Watch', { streamId: stream.id, token: genuine, sessionId: 'has spaces' }), 'invalid_request');

    // The correctly minted, unexpired token is accepted: the refusals above were about the token.
    const accepted = await join(mintToken(SIGNING_KEY, { streamId: stream.id }));
    assert.equal(accepted.stream.streamId, stream.id);
  });

  test('an abrupt disconnect (a client that goes silent) leaves the count within the client timeout', async () => {
    const stream = await newStream();
    const dashboard = await host(stream);
    // This client never pings, like one whose network vanished: only the server's timeout can notice.
    const silent = await hub({ keepAliveMs: 3_600_000, serverTimeoutMs: 3_600_000 });
    await silent.invoke('Watch', { streamId: stream.id, token: await stream.viewerToken() });
    const joined = await dashboard.connection.waitFor('ViewerCountChanged', (p) => p.viewerCount === 1);
    const left = await dashboard.connection.waitFor('ViewerCountChanged', (p) => p.viewerCount === 0, CLIENT_TIMEOUT_MS + 5_000);
    // By the server's stamps: the silent watcher was dropped by the client timeout (not before),
    // and its count went within the timeout plus SignalR's 1 s timeout check and one push interval.
    const elapsed = Date.parse(left.time) - Date.parse(joined.time);
    assert.ok(elapsed >= CLIENT_TIMEOUT_MS - PUSH_INTERVAL_MS - 100, `dropped after only ${elapsed} ms`);
    assert.ok(elapsed <= CLIENT_TIMEOUT_MS + 1_000 + 2 * PUSH_INTERVAL_MS, `left the count after ${elapsed} ms`);
    const ended = await dashboard.connection.waitFor('ViewerLeft', () => true);
    assert.equal(ended.streamId, stream.id);
  });

  test('deleting a stream tells everyone on it and releases their sessions', async () => {
    const stream = await newStream();
    const watcher = await watch(stream, { receiveMedia: false });
    const follower = await hub();
    await follower.invoke('Follow', { streamIds: [stream.id] });
    await api.deleteStream(stream.id, stream.hostSecret);
    await watcher.connection.waitFor('StreamDeleted', (p) => p.streamId === stream.id);
    await follower.waitFor('StreamDeleted', (p) => p.streamId === stream.id);
    await rejectsWith(watcher.connection.invoke('Watch', { streamId: stream.id, token: mintToken(SIGNING_KEY, { streamId: stream.id }) }), 'not_found');
  });
});
