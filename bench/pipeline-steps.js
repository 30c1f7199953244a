#!/usr/bin/env node
// runs dist/pipeline-steps.js, built from src/pipeline-steps.ts (see launch.js)
require('./launch')('pipeline-steps');
