#!/usr/bin/env node
// The README's test command (`npm test`): every package's tests, then the end-to-end suite against
// local-cloud (Nx builds, synthesizes and deploys first). local-cloud is stopped at the end if this run
// started it; one that was already running is left as it was.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const nx = path.join(root, 'node_modules', '.bin', 'nx');
const localCloud = path.join(root, 'packages', 'local-cloud', 'bin', 'local-cloud.js');

function run(cmd, args) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  console.log(`\n[test] ${path.basename(cmd)} ${args.join(' ')}: exit ${r.status} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return r.status ?? 1;
}

function localCloudRunning() {
  const r = spawnSync(process.execPath, [localCloud, 'status'], { cwd: root, stdio: 'ignore' });
  return r.status === 0;
}

// the files projen generates equal what .projenrc.ts synthesizes (projenrc/generated-files.test.ts)
const generated = run(path.join(root, 'node_modules', '.bin', 'projen'), ['test:generated']);
const unit = run(nx, ['run-many', '-t', 'test']);
// the e2e suite runs even when a unit test failed, so one run reports every result
const wasRunning = localCloudRunning();
const e2e = run(nx, ['run', 'integration-tests:e2e']);
if (!wasRunning) run(process.execPath, [localCloud, 'stop']);
process.exit(generated || unit || e2e);
