#!/usr/bin/env node
// runs dist/deploy-loop.js, built from src/deploy-loop.ts (see launch.js)
require('./launch')('deploy-loop');
