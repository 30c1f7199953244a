#!/usr/bin/env node
// Runs the local-cloud CLI from src/ through ts-node (transpile only), so CLI tests do not depend on a
// build of lib/. A `start --detach` re-runs this same file for the background server.
require('ts-node').register({ transpileOnly: true, project: require('node:path').join(__dirname, '..', '..', 'tsconfig.json') });
require('../../src/cli').main(process.argv.slice(2));
