'use strict';
// Preloaded into the CDK app (`node -r`): resolves '@kms-logs-api/handler/package.json' to the bench's private
// copy of the handler package (env BENCH_HANDLER_PKG), so the bench can change the bundle without touching packages/.
const Module = require('node:module');
const path = require('node:path');
const dir = process.env.BENCH_HANDLER_PKG;
if (dir) {
  const original = Module._resolveFilename;
  Module._resolveFilename = function resolve(request, ...rest) {
    if (request === '@kms-logs-api/handler/package.json') return path.join(dir, 'package.json');
    return original.call(this, request, ...rest);
  };
}
