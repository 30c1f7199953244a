#!/usr/bin/env node
// runs dist/tests.js, built from src/tests.ts (see launch.js)
require('./launch')('tests');
