'use strict';
// local-cloud's startServer() (the same server the CLI runs) in its own process, with an IPC channel that
// answers { kms: stats } so the log-store bench can count the KMS operations CloudWatch Logs makes.
// Usage (fork): stats-server.js <port> <stateDir>
const path = require('node:path');
const { startServer } = require(path.join(__dirname, '..', '..', 'packages', 'local-cloud', 'lib', 'server.js'));

const [port, stateDir] = process.argv.slice(2);
startServer({ port: Number(port), stateDir }).then((server) => {
  const kms = server.services.find((s) => s.signingName === 'kms');
  process.on('message', (m) => {
    if (m === 'stats') process.send({ kms: { ...kms.internal.stats }, rssMiB: process.memoryUsage().rss / 1048576 });
    if (m === 'stop') server.close().then(() => process.exit(0));
  });
  process.send({ ready: server.url });
}, (e) => { console.error(e); process.exit(1); });
