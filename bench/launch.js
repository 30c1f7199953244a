'use strict';
// The bench's sources are TypeScript (src/), built into dist/ by `npx nx run bench:build` (bench:all builds first).
// `node bench/<name>.js` runs dist/<name>.js: a section (it exports `run`) on its own, any other script as it is.
const fs = require('node:fs');
const path = require('node:path');

module.exports = function launch(name) {
  const entry = path.join(__dirname, 'dist', `${name}.js`);
  if (!fs.existsSync(entry)) {
    console.error(`bench: ${path.relative(process.cwd(), entry)} is not built: run \`npx nx run bench:build\` first`);
    process.exit(1);
  }
  const script = require(entry);
  if (typeof script.run === 'function') require('./dist/lib/context').runStandalone(script);
};
