// CPU profiler preload (`NODE_OPTIONS=--require …`; --cpu-prof itself is not allowed in NODE_OPTIONS), used by
// profile-request-path.js. Writes <BENCH_PROF_DIR>/<BENCH_PROF_NAME>-<pid>.cpuprofile.
//   BENCH_PROF_SIGNAL=1: SIGUSR2 starts profiling, the next SIGUSR2 stops and writes (the server: only the load window)
//   otherwise: profiles from start for BENCH_PROF_MS, then writes (Lambda workers, started by the warm-up)
import * as inspector from 'node:inspector';
import * as fs from 'node:fs';
import * as path from 'node:path';
const dir = process.env.BENCH_PROF_DIR;
if (dir) {
  const name = process.env.BENCH_PROF_NAME || 'worker';
  const session = new inspector.Session();
  session.connect();
  let on = false;
  const start = () => session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start', () => { on = true; })));
  const stop = () => session.post('Profiler.stop', (err, res) => {
    on = false;
    if (!err) fs.writeFileSync(path.join(dir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(res.profile));
  });
  if (process.env.BENCH_PROF_SIGNAL === '1') {
    process.on('SIGUSR2', () => (on ? stop() : start()));
  } else {
    start();
    setTimeout(stop, Number(process.env.BENCH_PROF_MS) || 15000).unref();
  }
}
