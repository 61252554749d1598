// Hub benchmark: N @microsoft/signalr watchers on one LiveGrpc server, loopback only. Prints
// figures; it is not a test. For each N (default 500 and 2000) on a fresh server:
//   - join storm: N watchers connect and Watch spread over 10 s; how long after the last join the
//     host dashboard sees the exact count, and how many count pushes each watcher got per interval;
//   - memory: server RSS growth per connected watcher (RSS after the storm minus before, over N);
//   - StartStream -> LIVE: from the StartStream call to each watcher receiving LIVE (p50/p99/max),
//     over several start/stop rounds.
// Watchers join with receiveMedia: false — status and counts only — because the Local WebRTC mesh
// is capped (Media:Local:MaxViewers, at most 1000) and N goes beyond it.
//   node bench/hub/hub-bench.mjs [N ...]      (LIVEGRPC_SERVER_DLL picks the build; see bench/README.md)
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { connectHub, liveGrpcApi, sleep } from '../../tests/node/hub-support.mjs';
import { startLiveGrpcServer } from '../../tests/node/livegrpc-server.mjs';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const N_VALUES = sizes.length > 0 ? sizes : [500, 2000];
const STORM_MS = 10_000;
const PUSH_INTERVAL_MS = 1_000; // the server default (Presence:PushInterval)
const LIVE_ROUNDS = 5;
const HARD_LIMIT_MS = 10 * 60_000;

const hardStop = setTimeout(() => {
  console.error(`hub bench: still running after ${HARD_LIMIT_MS / 60_000} min; giving up`);
  process.exit(2);
}, HARD_LIMIT_MS);

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (value) => `${value.toFixed(1)} ms`;

/** CPU time the process has used (user + system), in ms. */
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
};

const rssKb = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

async function inBatches(items, size, action) {
  const results = [];
  for (let i = 0; i < items.length; i += size) {
    results.push(...await Promise.all(items.slice(i, i + size).map(action)));
  }
  return results;
}

async function runOnce(n) {
  const server = await startLiveGrpcServer({
    args: ['--Tokens:IssuancePermitsPerSecond=1000000', '--Tokens:IssuanceBurst=1000000', '--Hub:MaxFollowedStreamsPerConnection=10'],
  });
  const api = liveGrpcApi(server.grpcAddress);
  const watchers = [];
  try {
    const pid = server.pid;
    const { stream, hostSecret } = await api.createStream(`bench ${n}`);

    // Warm up (JIT, pools) with a few joins on another stream so the baseline is not start-up cost.
    const warm = await api.createStream('warm-up');
    const warmers = await inBatches(Array.from({ length: 50 }), 25, async () => {
      const c = await connectHub(server.webUrl, { keepAliveMs: 15_000 });
      await c.invoke('Watch', { streamId: warm.stream.id, token: await api.viewerToken(warm.stream.id), receiveMedia: false });
      return c;
    });
    await Promise.all(warmers.map((c) => c.stop()));

    const tokens = await inBatches(Array.from({ length: n }), 64, () => api.viewerToken(stream.id));
    const host = await connectHub(server.webUrl, { keepAliveMs: 15_000 });
    await host.invoke('Host', { streamId: stream.id, token: await api.publisherToken(stream.id, hostSecret) });
    await sleep(2_000);
    const rssBefore = rssKb(pid);

    // Join storm: N joins spread evenly over STORM_MS.
    const stormStart = performance.now();
    let lastJoinDone = 0;
    await Promise.all(tokens.map(async (token, i) => {
      await sleep((i * STORM_MS) / n);
      const watcher = await connectHub(server.webUrl, { keepAliveMs: 15_000 });
      await watcher.invoke('Watch', { streamId: stream.id, token, receiveMedia: false });
      watchers.push(watcher);
      lastJoinDone = Math.max(lastJoinDone, performance.now());
    }));
    const exact = await host.waitFor('ViewerCountChanged', (p) => p.viewerCount === n, 30_000);
    const joinSpan = lastJoinDone - stormStart;
    const exactAfterLastJoin = exact.at - lastJoinDone;

    // Pushes per watcher per interval, over the storm. The server stamps each push with the time
    // its coalescing flush ran, so gaps between those stamps show the server's own pacing; the
    // receive times add delivery jitter on top.
    await sleep(2 * PUSH_INTERVAL_MS);
    let totalPushes = 0;
    let minServerGap = Infinity;
    let minReceiveGap = Infinity;
    for (const watcher of [host, ...watchers]) {
      const counts = watcher.pushes.ViewerCountChanged;
      totalPushes += counts.length;
      for (let i = 1; i < counts.length; i += 1) {
        minServerGap = Math.min(minServerGap, Date.parse(counts[i].time) - Date.parse(counts[i - 1].time));
        minReceiveGap = Math.min(minReceiveGap, counts[i].at - counts[i - 1].at);
      }
    }
    const intervals = (exact.at - stormStart) / PUSH_INTERVAL_MS;
    const meanPerInterval = totalPushes / (watchers.length + 1) / intervals;

    await sleep(1_000);
    const rssAfter = rssKb(pid);
    const perWatcherKb = (rssAfter - rssBefore) / n;

    // StartStream -> every watcher has LIVE. Round 0 is the first start on this server (cold
    // paths) and is reported apart from the measured rounds.
    const latencies = [];
    const lastPerRound = [];
    const firstPerRound = [];
    const cpuPerRound = [];
    const rpcTimes = [];
    let coldLast = 0;
    for (let round = 0; round <= LIVE_ROUNDS; round += 1) {
      const seenBefore = new Map(watchers.map((w) => [w, w.pushes.StatusChanged.length]));
      const isNew = (w) => (p) => w.pushes.StatusChanged.indexOf(p) >= seenBefore.get(w);
      const serverCpuBefore = cpuMs(pid);
      const clientCpuBefore = process.cpuUsage();
      const started = performance.now();
      await api.startStream(stream.id, hostSecret);
      const rpcTime = performance.now() - started;
      const arrivals = await Promise.all(watchers.map((w) => w.waitFor('StatusChanged', (p) => p.status === 'LIVE' && isNew(w)(p), 30_000)));
      const roundLatencies = arrivals.map((p) => p.at - started);
      const clientCpu = process.cpuUsage(clientCpuBefore);
      cpuPerRound.push(`server ${(cpuMs(pid) - serverCpuBefore).toFixed(0)} ms / client ${((clientCpu.user + clientCpu.system) / 1000).toFixed(0)} ms`);
      if (round === 0) {
        coldLast = Math.max(...roundLatencies);
      } else {
        latencies.push(...roundLatencies);
        lastPerRound.push(Math.max(...roundLatencies));
        firstPerRound.push(Math.min(...roundLatencies));
        rpcTimes.push(rpcTime);
      }
      await api.stopStream(stream.id, hostSecret);
      await Promise.all(watchers.map((w) => w.waitFor('StatusChanged', (p) => p.status === 'OFFLINE' && isNew(w)(p), 30_000)));
      await sleep(500);
    }

    console.log(`\n== N = ${n} hub watchers (1 server, loopback, WebSockets, JSON protocol; ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)})`);
    console.log(`join storm: ${n} joins over ${ms(joinSpan)}; host saw the exact count ${ms(exactAfterLastJoin)} after the last join completed`);
    console.log(`count pushes: mean ${meanPerInterval.toFixed(2)} per watcher per ${PUSH_INTERVAL_MS} ms interval; closest two at any watcher: ${ms(minServerGap)} apart by server stamp, ${ms(minReceiveGap)} by receive time`);
    console.log(`server memory: RSS ${(rssBefore / 1024).toFixed(1)} MB -> ${(rssAfter / 1024).toFixed(1)} MB, ${perWatcherKb.toFixed(1)} KB per connected watcher`);
    console.log(`StartStream -> LIVE at every watcher (${LIVE_ROUNDS} rounds, ${latencies.length} deliveries): p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(Math.max(...latencies))}`);
    console.log(`  last watcher per round: ${lastPerRound.map(ms).join(', ')}; first watcher per round: ${firstPerRound.map(ms).join(', ')}; StartStream RPC itself: p50 ${ms(percentile(rpcTimes, 50))}; first (cold) start: last watcher ${ms(coldLast)}`);
    console.log(`  CPU from StartStream until every watcher had LIVE, per round (incl. cold): ${cpuPerRound.join('; ')}`);
    await host.stop();
  } finally {
    await inBatches(watchers, 200, (w) => w.stop());
    api.close();
    await server.stop();
  }
}

console.log(`hub bench: server ${process.env.LIVEGRPC_SERVER_DLL ?? '(Debug or Release build found by tests/node/livegrpc-server.mjs)'}`);
for (const n of N_VALUES) {
  await runOnce(n);
}
clearTimeout(hardStop);
