#!/usr/bin/env node
// runs dist/log-store.js, built from src/log-store.ts (see launch.js)
require('./launch')('log-store');
