// 5. local-cloud itself: time from `local-cloud start` (spawn of the CLI, foreground, fresh state dir) to the
// first answered request (GET /_local-cloud/health polled every 2 ms), and resident memory (VmRSS) idle.
// RSS after the request-path run is taken by request-path.js on the detached instance the other sections use.
import { log, median, round, sleep, stopTracked, rssMiB, treeRssMiB } from './lib/util';
import * as lcl from './lib/local-cloud';
import { ensureLocalCloud, runStandalone, type BenchContext } from './lib/context';

const RUNS = 3;

export async function run(ctx: BenchContext): Promise<void> {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const s = await lcl.startForegroundTimed();
    await sleep(1000);
    runs.push({ readyMs: round(s.readyMs, 1), idleRssMiB: round(rssMiB(s.child.pid!), 1) });
    log(`startup: run ${i + 1}: ready in ${round(s.readyMs)} ms, idle RSS ${runs[i].idleRssMiB} MiB`);
    await stopTracked(s.child);
  }
  // the instance the other sections use (`start --detach`), idle before any deploy
  const lc = ensureLocalCloud(ctx);
  await sleep(1000);
  ctx.results.startup = {
    startToReadyMs: median(runs.map((r) => r.readyMs)),
    idleRssMiB: median(runs.map((r) => r.idleRssMiB)),
    runs,
    detachedStartCommandMs: round(lc.startMs),
    detachedIdleRssMiB: round(rssMiB(lc.pid), 1),
    detachedIdleTreeRssMiB: round(treeRssMiB(lc.pid), 1),
    publishedClaims: {
      note: 'their published claims, not our measurements',
      floci: { startup: '~24 ms', idleMemory: '~13 MiB', runtime: 'native binary (Java emulator compiled native)', invokePerSec: '~290/s (Docker-based Lambda runtime)' },
      ministack: { startup: '0.5–2 s', idleMemory: '21–30 MB', runtime: 'Python' },
    },
  };
}

if (require.main === module) runStandalone({ run });
