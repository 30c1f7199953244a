#!/usr/bin/env node
// runs dist/edit-loop.js, built from src/edit-loop.ts (see launch.js)
require('./launch')('edit-loop');
