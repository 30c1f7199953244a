#!/usr/bin/env node
'use strict';
// The `local-cloud` command runs the compiled CLI in lib/. On a fresh clone nothing is compiled yet, so inside
// the repository it builds first (through Nx, which also builds iam-policy, and caches); elsewhere it says what
// to run instead of failing with "Cannot find module '../lib/cli'".
const fs = require('node:fs');
const path = require('node:path');

const pkgDir = path.resolve(__dirname, '..');
const cli = path.join(pkgDir, 'lib', 'cli.js');

if (!fs.existsSync(cli)) {
  const root = path.resolve(pkgDir, '..', '..');
  const nx = path.join(root, 'node_modules', '.bin', 'nx');
  if (!fs.existsSync(path.join(root, 'nx.json')) || !fs.existsSync(nx)) {
    console.error(`local-cloud: ${path.relative(process.cwd(), cli) || cli} is missing; build the package first (npx nx run local-cloud:build)`);
    process.exit(1);
  }
  console.error('local-cloud: not built yet; building it first (npx nx run local-cloud:build)…');
  const { spawnSync } = require('node:child_process');
  // Nx's progress goes to stderr: stdout stays the CLI's own answer
  const r = spawnSync(nx, ['run', 'local-cloud:build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (r.status !== 0 || !fs.existsSync(cli)) {
    console.error('local-cloud: the build failed (see above); fix it, then run the command again');
    process.exit(1);
  }
}
require(cli).main(process.argv.slice(2));
