#!/usr/bin/env node
// runs dist/startup.js, built from src/startup.ts (see launch.js)
require('./launch')('startup');
