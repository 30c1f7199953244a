#!/usr/bin/env node
// runs dist/request-path.js, built from src/request-path.ts (see launch.js)
require('./launch')('request-path');
