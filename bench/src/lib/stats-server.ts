// local-cloud's startServer() (the same server the CLI runs) in its own process, with an IPC channel that
// answers { kms: stats, rssMiB, cpuMs } so the log-store bench can count the KMS operations CloudWatch Logs makes and
// the server's CPU time (process.cpuUsage(), user + system, in microseconds' resolution) per phase.
// Usage (fork): stats-server.js <port> <stateDir>
import * as path from 'node:path';
import { LOCAL_CLOUD_DIR } from './local-cloud-dir';

/** What this process uses of local-cloud's built server (loaded from lib/ at run time: the bench measures the build). */
interface StatsServer {
  url: string;
  // `backend` since the service-shape change; `internal` in builds before it (the bench compares both)
  services: Array<{ signingName: string; backend?: { stats: Record<string, number> }; internal?: { stats: Record<string, number> } }>;
  close(): Promise<void>;
}
const { startServer } = require(path.join(LOCAL_CLOUD_DIR, 'lib', 'server.js')) as {
  startServer(options: { port: number; stateDir: string }): Promise<StatsServer>;
};

const [port, stateDir] = process.argv.slice(2);
startServer({ port: Number(port), stateDir }).then((server) => {
  const kms = server.services.find((s) => s.signingName === 'kms');
  const send = (message: unknown) => process.send!(message);
  process.on('message', (m) => {
    if (m === 'stats') {
      const cpu = process.cpuUsage();
      send({ kms: { ...(kms?.backend ?? kms?.internal)?.stats }, rssMiB: process.memoryUsage().rss / 1048576, cpuMs: (cpu.user + cpu.system) / 1000 });
    }
    if (m === 'stop') server.close().then(() => process.exit(0));
  });
  send({ ready: server.url });
}, (e: unknown) => { console.error(e); process.exit(1); });
