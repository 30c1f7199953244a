// Sums the Jest JSON results every package wrote (packages/*/test-reports/jest-results*.json) and
// prints the closing line CI reads: "N passed, N failed". Exits 1 if a test failed, a suite failed to
// run, or a run has no results at all (a run that ran no test is not a pass).
//
// Usage: node .ci/jest-summary.js [LABEL=DIR ...]   (default: this clone) — one checkout per test run,
// e.g. "node20=." "node24=/tmp/kms-logs-api-node24.x"; the total covers them all.
const fs = require('node:fs');
const path = require('node:path');

const runs = process.argv.slice(2).map((arg) => {
  const i = arg.indexOf('=');
  return i > 0 ? { label: arg.slice(0, i), root: arg.slice(i + 1) } : { label: '', root: arg };
});
if (runs.length === 0) runs.push({ label: '', root: path.resolve(__dirname, '..') });

let passed = 0;
let failed = 0;
for (const { label, root } of runs) {
  let files = 0;
  const packages = path.join(root, 'packages');
  for (const pkg of fs.existsSync(packages) ? fs.readdirSync(packages) : []) {
    const dir = path.join(packages, pkg, 'test-reports');
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).filter((f) => /^jest-results.*\.json$/.test(f))) {
      const r = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
      files++;
      passed += r.numPassedTests;
      // a suite that failed to load (syntax error, failing beforeAll) has no failed tests of its own
      failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
      console.log(`${label ? `${label}: ` : ''}${pkg}/${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed` +
        (r.numRuntimeErrorTestSuites ? `, ${r.numRuntimeErrorTestSuites} suites failed to run` : ''));
    }
  }
  if (files === 0) {
    console.log(`${label || root}: no test results found`);
    failed++;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
