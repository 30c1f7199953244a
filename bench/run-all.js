#!/usr/bin/env node
// runs dist/run-all.js, built from src/run-all.ts (see launch.js)
require('./launch')('run-all');
