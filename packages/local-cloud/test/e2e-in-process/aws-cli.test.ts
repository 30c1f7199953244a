import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { useLocalCloud } from '../helpers/local-cloud';

/**
 * AWS CLI v2 against local-cloud: runs scripts/aws-cli-smoke.sh (sts, kms, logs, s3 as typed at a shell).
 *
 * Skipped, with the reason printed, when no AWS CLI v2 is installed; with LOCAL_CLOUD_REQUIRE_AWS_CLI=1 it fails
 * instead. The CLI is $AWS_CLI when set, else the first `aws` on PATH that says `aws-cli/2.`: a pyenv or pip
 * shim for v1 may come first on PATH.
 */

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'aws-cli-smoke.sh');
const SCRIPT_TIMEOUT_MS = 280_000;

interface AwsCliLookup {
  readonly bin?: string;
  readonly why: string;
}

/** The AWS CLI v2 to use, decided at load time; `why` says what was found when there is none. */
function findAwsCliV2(): AwsCliLookup {
  const versionOf = (bin: string): string => {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, AWS_PAGER: '' } });
    return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n')[0] || (r.error ? r.error.message : `exit ${String(r.status)}`);
  };
  const override = process.env.AWS_CLI;
  if (override) {
    const version = versionOf(override);
    return version.startsWith('aws-cli/2.') ? { bin: override, why: version } : { why: `AWS_CLI=${override} is not AWS CLI v2 (${version})` };
  }
  const which = spawnSync('which', ['-a', 'aws'], { encoding: 'utf8' });
  const candidates = [...new Set((which.stdout ?? '').split('\n').map((l) => l.trim()).filter(Boolean))];
  if (candidates.length === 0) return { why: '`aws` is not on PATH (which -a aws found nothing)' };
  const found: string[] = [];
  for (const bin of candidates) {
    const version = versionOf(bin);
    if (version.startsWith('aws-cli/2.')) return { bin, why: version };
    found.push(`${bin}: ${version}`);
  }
  return { why: `no AWS CLI v2 on PATH (found ${found.join('; ')})` };
}

const awsCli = findAwsCliV2();
const required = ['1', 'true', 'yes'].includes((process.env.LOCAL_CLOUD_REQUIRE_AWS_CLI ?? '').toLowerCase());
if (!awsCli.bin) {
  const message = `aws-cli.test.ts: ${required ? 'FAILING' : 'SKIPPING'} the AWS CLI v2 check: ${awsCli.why}. `
    + 'Install it (Debian: apt-get install awscli) or set AWS_CLI=/path/to/aws.';
  process.stderr.write(`\n${message}\n`);
  if (required) {
    test('AWS CLI v2 is installed (LOCAL_CLOUD_REQUIRE_AWS_CLI is set)', () => {
      throw new Error(message);
    });
  }
}

/** Runs the script asynchronously: the server lives in this process, so a blocking spawnSync would starve it. */
function runScript(endpoint: string, bin: string): Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SCRIPT, endpoint], {
      env: { ...process.env, AWS_CLI: bin },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: SCRIPT_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** One `ok -` line at least for each command the issue names. */
const EXPECTED_OK = [
  /^ok - sts get-caller-identity: Account is 000000000000/,
  /^ok - kms create-key: KeyMetadata is an enabled customer key/,
  /^ok - kms get-key-policy: the policy parses and has the account-root statement/,
  /^ok - kms create-key --policy: an enabled key$/,
  /^ok - logs create-log-group --kms-key-id <default-policy key> fails with AccessDeniedException$/,
  /^ok - logs create-log-group --kms-key-id <key allowing logs>$/,
  /^ok - logs describe-log-groups --log-group-name-prefix: the group with its kmsKeyId/,
  /^ok - logs describe-log-groups: lists the group with kmsKeyId, not the refused one$/,
  /^ok - logs put-log-events: no event rejected$/,
  /^ok - logs filter-log-events: the term finds all 3 messages/,
  /^ok - logs filter-log-events: '\{ \$\.level = "ERROR" \}' finds only the ERROR event$/,
  /^ok - s3 mb s3:\/\/lc-smoke-/,
  /^ok - s3 cp <1 MiB local file> s3:\/\/lc-smoke-[^/]+\/smoke\.bin$/,
  /^ok - s3 ls s3:\/\/lc-smoke-[^/]+\/ lists smoke\.bin \(1048576 bytes\)/,
  /^ok - s3 cp s3:\/\/lc-smoke-[^/]+\/smoke\.bin back down: cmp finds the same 1048576 bytes$/,
];

/** `test`, or `test.skip` when there is no AWS CLI v2 (the reason was printed above and is in the test's name). */
const testIfCli = awsCli.bin ? test : test.skip;

describe(`AWS CLI v2 (${awsCli.bin ? `${awsCli.why} at ${awsCli.bin}` : `skipped: ${awsCli.why}`})`, () => {
  const cloud = useLocalCloud();

  testIfCli('scripts/aws-cli-smoke.sh passes: sts, kms, logs (key policy enforced, filter patterns), s3 cp/ls', async () => {
    const run = await runScript(cloud().endpoint, awsCli.bin!);
    const okLines = run.stdout.split('\n').filter((l) => l.startsWith('ok - '));
    // the whole run in the failure message: which check failed, the command, its stdout and stderr
    expect({ status: run.status, signal: run.signal, notOk: run.stdout.split('\n').filter((l) => l.startsWith('not ok')), stderr: run.stderr.trim() })
      .toEqual({ status: 0, signal: null, notOk: [], stderr: '' });
    for (const expected of EXPECTED_OK) {
      expect({ expected: String(expected), found: okLines.some((l) => expected.test(l)) }).toEqual({ expected: String(expected), found: true });
    }
    expect(run.stdout).toMatch(/^# all checks passed$/m);
  }, SCRIPT_TIMEOUT_MS + 20_000);
});
