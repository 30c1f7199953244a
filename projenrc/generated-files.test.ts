/**
 * The files projen generates are what `.projenrc.ts` says, byte for byte: a hand edit of a generated file, or a
 * change to `.projenrc.ts` committed without `npx projen`, fails here (`npx projen test:generated`, part of
 * `npm test` and of CI).
 *
 * How: `.projenrc.ts` is synthesized into a temporary copy of what it reads (itself, `projenrc/`, each project's
 * `package.json`, whose resolved versions projen keeps, and `bin/`, whose scripts it lists), without the
 * post-synth `npm install`; then every file a project's `.projen/files.json` names, and its `package.json`, is
 * compared with the working tree.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';

const ROOT = path.resolve(__dirname, '..');

/** The folders of the root project and its subprojects: those with a `.projen/files.json`. */
function projectDirs(root: string): string[] {
  const candidates = ['.', ...fs.readdirSync(root), ...fs.readdirSync(path.join(root, 'packages')).map((p) => path.join('packages', p))];
  return candidates.filter((dir) => dir !== 'node_modules' && fs.existsSync(path.join(root, dir, '.projen', 'files.json')));
}

/** The files projen writes in one project: those its `.projen/files.json` lists, and `package.json`. */
function generatedFiles(root: string, dir: string): string[] {
  const listed: string[] = JSON.parse(fs.readFileSync(path.join(root, dir, '.projen', 'files.json'), 'utf8')).files;
  return [...listed, 'package.json'].map((f) => path.join(dir, f));
}

/** What `.projenrc.ts` reads besides itself: each project's `package.json` and `bin/`. */
function copyInputs(to: string): void {
  for (const entry of ['.projenrc.ts', 'projenrc', 'tsconfig.projen.json']) fs.cpSync(path.join(ROOT, entry), path.join(to, entry), { recursive: true });
  for (const dir of projectDirs(ROOT)) {
    for (const input of ['package.json', 'bin']) {
      const from = path.join(ROOT, dir, input);
      if (fs.existsSync(from)) fs.cpSync(from, path.join(to, dir, input), { recursive: true });
    }
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(to, 'node_modules'), 'dir');
}

/** The first line where two texts differ, for a message that says what to look at. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const line = a.findIndex((l, i) => l !== b[i]);
  const at = line < 0 ? a.length : line;
  return `line ${at + 1}: .projenrc.ts gives ${JSON.stringify(a[at] ?? '(end of file)')}, the tree has ${JSON.stringify(b[at] ?? '(end of file)')}`;
}

let synthesized: string;

before(() => {
  synthesized = fs.mkdtempSync(path.join(os.tmpdir(), 'projen-synth-'));
  copyInputs(synthesized);
  const tsNode = require.resolve('ts-node/dist/bin.js', { paths: [ROOT] });
  const run = spawnSync(process.execPath, [tsNode, '--transpile-only', '--project', 'tsconfig.projen.json', '.projenrc.ts'], {
    cwd: synthesized,
    // no `npm install` after synthesis: the copy has nothing to install, and the tree's lock file is not touched
    env: { ...process.env, PROJEN_DISABLE_POST: '1' },
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, `synthesizing .projenrc.ts failed:\n${run.stdout}${run.stderr}`);
});

after(() => fs.rmSync(synthesized, { recursive: true, force: true }));

test('the same projects are generated as are committed', () => {
  assert.deepEqual(projectDirs(synthesized).sort(), projectDirs(ROOT).sort());
});

test('every generated file equals the committed one (run `npx projen` after editing .projenrc.ts; never edit a generated file)', () => {
  const differing: string[] = [];
  for (const dir of projectDirs(synthesized)) {
    for (const file of generatedFiles(synthesized, dir)) {
      const expected = fs.readFileSync(path.join(synthesized, file), 'utf8');
      const committed = path.join(ROOT, file);
      if (!fs.existsSync(committed)) differing.push(`${file}: missing from the tree`);
      else {
        const actual = fs.readFileSync(committed, 'utf8');
        if (actual !== expected) differing.push(`${file}: ${firstDifference(expected, actual)}`);
      }
    }
  }
  assert.deepEqual(differing, []);
});
