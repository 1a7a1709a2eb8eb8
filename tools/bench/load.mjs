// How the benchmark drives a server and reads the results: closed-loop runs with autocannon,
// open loops at a fixed rate, sequential latencies, and the statistics of all of them.
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString()) || 100;

/**
 * One closed-loop run of a case against `target` (an API or the peer): its throughput and
 * latencies, and, for an API, the server's CPU, queries and event-loop delay meanwhile.
 */
export async function run(c, target, { seconds, connections }) {
  const before = await target.sample();
  const storm = c.during?.();
  const result = await autocannon({
    url: `${target.base}${c.path}`,
    method: c.method ?? 'GET',
    headers: c.headers,
    connections: c.connections ?? connections,
    duration: seconds,
    ...(c.perRequest
      ? {
          requests: [
            {
              setupRequest: (request) => ({
                ...request,
                headers: { ...request.headers, ...c.perRequest() },
                ...(c.perRequestBody ? { body: c.perRequestBody() } : {}),
              }),
            },
          ],
        }
      : {}),
  });
  const stormResult = await storm;
  const after = await target.sample();
  const total = result.requests.total;
  const expected = c.expect.reduce((sum, status) => sum + (result.statusCodeStats[status]?.count ?? 0), 0);
  const stormExpected = stormResult ? (stormResult.statusCodeStats[200]?.count ?? 0) : 0;
  return {
    rps: total / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    // The server's CPU for everything it did meanwhile (a storm included), per measured request.
    cpuMsPerRequest: ((after.ticks - before.ticks) * 1000) / CLOCK_TICKS / Math.max(1, total),
    queriesPer1000: ((after.queries - before.queries) * 1000) / Math.max(1, total + (stormResult?.requests.total ?? 0)),
    unexpected: total - expected + result.errors + (stormResult ? stormResult.requests.total - stormExpected + stormResult.errors : 0),
    eventLoopDelayP99Ms: after.delayP99Ms,
  };
}

/** A closed loop of `connections` at a fixed overall rate, for the length of a run (a login storm). */
export function atRate(c, base, rate, { seconds, connections }) {
  return autocannon({
    url: `${base}${c.path}`,
    method: c.method,
    connections,
    overallRate: rate,
    duration: seconds,
    requests: [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, ...c.perRequest() }, body: c.perRequestBody() }) }],
  });
}

/**
 * An open loop: requests leave on schedule whether or not earlier ones have returned, and each
 * latency counts from its planned start (autocannon's overallRate sends each second's quota in a
 * burst).
 */
export async function openLoop(rate, seconds, send) {
  const interval = 1000 / rate;
  const started = performance.now();
  const latencies = [];
  let unexpected = 0;
  const inFlight = [];
  for (let i = 0; i < rate * seconds; i++) {
    const planned = started + i * interval;
    const wait = planned - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      send().then(
        async (response) => {
          await response.arrayBuffer();
          if (response.status !== 200) unexpected++;
          latencies.push(performance.now() - planned);
        },
        () => unexpected++,
      ),
    );
  }
  await Promise.all(inFlight);
  return { latencies, unexpected };
}

/** The CPU time a process has used so far, in clock ticks (utime + stime). */
export function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // fields 14 and 15 of the whole line
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : Number.NaN;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
