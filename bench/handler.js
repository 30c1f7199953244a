#!/usr/bin/env node
// runs dist/handler.js, built from src/handler.ts (see launch.js)
require('./launch')('handler');
