// 6. Tests: wall time of the README's test command (`npm test`). It takes minutes and starts local-cloud on
// 4566 itself, so it only runs with BENCH_INCLUDE_TESTS=1 (and then `bench:all` may exceed 10 minutes).
import { spawnSync } from 'node:child_process';
import { REPO_ROOT, log, round } from './lib/util';
import { runStandalone, type BenchContext } from './lib/context';

export async function run(ctx: BenchContext): Promise<void> {
  if (process.env.BENCH_INCLUDE_TESTS !== '1') {
    ctx.results.tests = { skipped: 'skipped (set BENCH_INCLUDE_TESTS=1)' };
    log('tests: skipped (set BENCH_INCLUDE_TESTS=1)');
    return;
  }
  log('tests: running `npm test` …');
  const t0 = process.hrtime.bigint();
  const r = spawnSync('npm', ['test'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  ctx.results.tests = { command: 'npm test', ms: round(ms), exitCode: r.status };
  log(`tests: npm test exit ${r.status} in ${round(ms / 1000, 1)} s`);
}

if (require.main === module) runStandalone({ run });
