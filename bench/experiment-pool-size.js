#!/usr/bin/env node
// runs dist/experiment-pool-size.js, built from src/experiment-pool-size.ts (see launch.js)
require('./launch')('experiment-pool-size');
