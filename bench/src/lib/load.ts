// autocannon (npm) wrapper: 32 connections on loopback, a 3 s warm-up run, then the 10 s measured run.
import autocannon = require('autocannon');
import { round } from './util';

export function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const inst = autocannon({ connections: 32, pipelining: 1, timeout: 10, ...opts }, (err: unknown, res: autocannon.Result) => (err ? reject(err) : resolve(res)));
    autocannon.track(inst, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false, outputStream: { write: () => true } as unknown as NodeJS.WritableStream });
  });
}

export function summarize(r: autocannon.Result) {
  return {
    reqPerSec: round(r.requests.average, 1),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    ok2xx: r['2xx'],
    total: r.requests.total,
    sent: r.requests.sent,
  };
}

/** Warm-up (3 s, discarded except for its 2xx count) then the measured run (10 s). */
export async function load(url: string, { warmupS = 3, durationS = 10, connections = 32 } = {}) {
  const warm = await cannon({ url, duration: warmupS, connections });
  const res = await cannon({ url, duration: durationS, connections });
  return { ...summarize(res), warmup2xx: warm['2xx'], warmupSent: warm.requests.sent, warmupErrors: warm.errors + warm.non2xx };
}

