#!/usr/bin/env node
// runs dist/profile-request-path.js, built from src/profile-request-path.ts (see launch.js)
require('./launch')('profile-request-path');
