// Sums the Jest JSON results every package wrote (packages/*/test-reports/jest-results*.json) and
// prints the closing line CI reads: "N passed, N failed". Exits 1 if a test failed, a suite failed to
// run, or no results were found at all (a run that ran no test is not a pass).
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
let passed = 0;
let failed = 0;
let files = 0;
for (const pkg of fs.readdirSync(path.join(root, 'packages'))) {
  const dir = path.join(root, 'packages', pkg, 'test-reports');
  if (!fs.existsSync(dir)) continue;
  for (const name of fs.readdirSync(dir).filter((f) => /^jest-results.*\.json$/.test(f))) {
    const r = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    files++;
    passed += r.numPassedTests;
    // a suite that failed to load (syntax error, failing beforeAll) has no failed tests of its own
    failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
    console.log(`${pkg}/${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed` +
      (r.numRuntimeErrorTestSuites ? `, ${r.numRuntimeErrorTestSuites} suites failed to run` : ''));
  }
}
if (files === 0) failed++;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
