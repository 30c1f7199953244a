#!/usr/bin/env node
// runs dist/cpu-split.js, built from src/cpu-split.ts (see launch.js)
require('./launch')('cpu-split');
