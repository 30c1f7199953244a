import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateRoleCommand, IAMClient, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, CreateFunctionCommandInput, InvokeCommand, LambdaClient, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { zipFiles } from '../../../helpers/zip';
import { startLocalCloud, type LocalCloudFixture } from '../../../helpers/local-cloud';
import { functionActive } from '../../../helpers/lambda-waiters';
import { failure } from '../../../helpers/sdk-errors';

// A function under test is code local-cloud did not write: it runs in a sandbox (Node's permission model,
// a clean environment, STS credentials of its own role) that it cannot leave by ordinary means.

const ACCOUNT = '000000000000';
const ROLE = 'sandbox-fn-role';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
const trusting = (service: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

let stateDir: string;
let lc: LocalCloudFixture;
let lambda: LambdaClient;
let iam: IAMClient;

const decode = (payload: Uint8Array | undefined) => JSON.parse(Buffer.from(payload ?? []).toString('utf8'));

/** Each runtime's major runs on its own Node (runtime/node-binaries.ts): the sandbox holds on every one. */
const RUNTIMES = ['nodejs20.x', 'nodejs22.x', 'nodejs24.x'] as const;

async function createInput(name: string, files: Record<string, string | Buffer>, extra: Partial<CreateFunctionCommandInput> = {}): Promise<CreateFunctionCommandInput> {
  return { FunctionName: name, Runtime: 'nodejs22.x', Handler: 'index.handler', Role: ROLE_ARN, Timeout: 30, Code: { ZipFile: await zipFiles(files) }, ...extra };
}

async function invoke(name: string, event: unknown = {}): Promise<any> {
  const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)) }));
  expect(out.FunctionError).toBeUndefined();
  return decode(out.Payload);
}

/** A handler that runs each named attempt and reports how it ended: 'ok' or the error's code. */
const ATTEMPTS = `
const fs = require('fs');
const path = require('path');
const os = require('os');
exports.handler = async (event) => {
  const attempts = {
    procParentEnviron: () => fs.readFileSync('/proc/' + process.ppid + '/environ'),
    procSelfRoot: () => fs.readFileSync('/proc/self/root' + event.repoFile),
    stateDb: () => fs.readFileSync(event.stateDb),
    stateDir: () => fs.readdirSync(event.stateDir),
    repoFile: () => fs.readFileSync(event.repoFile),
    requireBetterSqlite3: () => require('better-sqlite3'),
    requireBetterSqlite3ByPath: () => require(event.betterSqlite3),
    requireLocalCloud: () => require('@kms-logs-api/local-cloud'),
    nativeAddonInOwnCode: () => require('./better_sqlite3.node'),
    writeTaskRoot: () => fs.writeFileSync(path.join(process.env.LAMBDA_TASK_ROOT, 'x.txt'), 'x'),
    writeSharedTmp: () => fs.writeFileSync(path.join(event.sharedTmp, 'sandbox-escape-' + process.pid), 'x'),
    writeOutsideOwnTmp: () => fs.writeFileSync(path.join(path.dirname(os.tmpdir()), 'sandbox-escape-' + process.pid), 'x'),
    symlinkOutOfTmp: () => fs.symlinkSync(event.repoFile, path.join(os.tmpdir(), 'link')),
    childProcess: () => require('child_process').execFileSync('/bin/cat', ['/proc/' + process.ppid + '/environ']),
    workerThread: () => new (require('worker_threads').Worker)('1', { eval: true }),
    signalParent: () => process.kill(process.ppid, 0),
    signalProcessGroup: () => process.kill(0, 0),
    reprioritiseParent: () => os.setPriority(process.ppid, os.getPriority(process.ppid)),
    traceEvents: () => require('trace_events').createTracing({ categories: ['node'] }).enable(),
  };
  const result = {};
  for (const [name, attempt] of Object.entries(attempts)) {
    try {
      attempt();
      result[name] = 'ok';
    } catch (error) {
      result[name] = error.code || error.message;
    }
  }
  return result;
};`;

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-sandbox-test-'));
  lc = await startLocalCloud({ dbFile: path.join(stateDir, 'local-cloud.db') });
  lambda = new LambdaClient(lc.clientConfig);
  iam = new IAMClient(lc.clientConfig);
  // the usual execution role: trusted by Lambda, and by Lambda only
  await iam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: trusting('lambda.amazonaws.com') }));
});

afterAll(async () => {
  await lc.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

// Each test creates and cold-starts a function; the first on a runtime may also install its Node (5-20 s, once per
// machine), and CI shares two cores with the rest of the suite: Jest's 5 s default is too short for that.
jest.setTimeout(60_000);

describe.each(RUNTIMES)('the sandbox on %s', (runtime) => {
  const major = runtime.replace(/^nodejs(\d+)\.x$/, '$1');
  const fn = (name: string) => `${name}-${major}`;

  it('refuses what a function must not reach: other processes, local-cloud state, the repository, native code, writes outside its /tmp', async () => {
    // Prepare
    const betterSqlite3 = require.resolve('better-sqlite3');
    const addon = path.join(path.dirname(betterSqlite3), '..', 'build', 'Release', 'better_sqlite3.node');
    await lambda.send(new CreateFunctionCommand(await createInput(fn('escape'), { 'index.js': ATTEMPTS, 'better_sqlite3.node': fs.readFileSync(addon) }, { Runtime: runtime })));
    await functionActive(lambda, fn('escape'));
    // Act
    const result = await invoke(fn('escape'), {
      stateDb: path.join(stateDir, 'local-cloud.db'),
      stateDir,
      repoFile: path.resolve(__dirname, '..', '..', '..', '..', 'package.json'),
      betterSqlite3,
      sharedTmp: os.tmpdir(),
    });
    // Assess
    expect(result).toEqual({
      procParentEnviron: 'ERR_ACCESS_DENIED',
      procSelfRoot: 'ERR_ACCESS_DENIED',
      stateDb: 'ERR_ACCESS_DENIED',
      stateDir: 'ERR_ACCESS_DENIED',
      repoFile: 'ERR_ACCESS_DENIED',
      requireBetterSqlite3: 'MODULE_NOT_FOUND',
      requireBetterSqlite3ByPath: 'ERR_ACCESS_DENIED',
      requireLocalCloud: 'MODULE_NOT_FOUND',
      nativeAddonInOwnCode: 'ERR_DLOPEN_DISABLED',
      writeTaskRoot: 'ERR_ACCESS_DENIED',
      writeSharedTmp: 'ERR_ACCESS_DENIED',
      writeOutsideOwnTmp: 'ERR_ACCESS_DENIED',
      symlinkOutOfTmp: 'ERR_ACCESS_DENIED',
      childProcess: 'ERR_ACCESS_DENIED',
      workerThread: 'ERR_ACCESS_DENIED',
      signalParent: 'ERR_ACCESS_DENIED',
      signalProcessGroup: 'ERR_ACCESS_DENIED',
      reprioritiseParent: 'ERR_ACCESS_DENIED',
      traceEvents: 'ERR_ACCESS_DENIED',
    });
  });

  it('keeps what real functions need: their /tmp, their own code, the bundled SDK as their own role', async () => {
    // Prepare
    const code = `
      const fs = require('fs');
      const path = require('path');
      const os = require('os');
      const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
      exports.handler = async () => {
        const scratch = path.join(os.tmpdir(), 'scratch.txt');
        fs.writeFileSync(scratch, 'kept');
        const identity = await new STSClient({}).send(new GetCallerIdentityCommand({}));
        return {
          major: process.versions.node.split('.')[0],
          tmp: fs.readFileSync(scratch, 'utf8'),
          tmpIsTmpdir: process.env.TMPDIR === os.tmpdir(),
          ownFile: fs.readFileSync(path.join(__dirname, 'data.txt'), 'utf8'),
          arn: identity.Arn,
          userId: identity.UserId,
          rootKeys: process.env.AWS_ACCESS_KEY_ID === 'test',
          sessionToken: typeof process.env.AWS_SESSION_TOKEN,
        };
      };`;
    await lambda.send(new CreateFunctionCommand(await createInput(fn('works'), { 'index.js': code, 'data.txt': 'mine' }, { Runtime: runtime })));
    await functionActive(lambda, fn('works'));
    // Act
    const result = await invoke(fn('works'));
    // Assess: on the runtime's own major
    expect(result).toEqual({
      major,
      tmp: 'kept',
      tmpIsTmpdir: true,
      ownFile: 'mine',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE}/${fn('works')}`,
      userId: expect.stringMatching(new RegExp(`^AROA[A-Z0-9]+:${fn('works')}$`)),
      rootKeys: false,
      sessionToken: 'string',
    });
  });

  it('gives a function only the variables Lambda defines, its own, and a module path of the AWS SDK alone', async () => {
    // Prepare: the function's own variables include ones that would act on the process if it started with them
    const code = `
      const fs = require('fs');
      exports.handler = async () => ({
        env: process.env,
        modules: fs.readdirSync(process.env.NODE_PATH).flatMap((d) => d.startsWith('@') ? fs.readdirSync(process.env.NODE_PATH + '/' + d).map((n) => d + '/' + n) : [d]),
        repo: (() => { try { fs.readFileSync(process.env.REPO_FILE); return 'read'; } catch (e) { return e.code; } })(),
      });`;
    await lambda.send(
      new CreateFunctionCommand(
        await createInput(fn('env'), { 'index.js': code }, {
          Runtime: runtime,
          Environment: {
            Variables: { MY_SETTING: 'on', NODE_OPTIONS: '--allow-fs-read=/ --enable-source-maps', LD_PRELOAD: '/nonexistent/lib.so', REPO_FILE: path.resolve(__dirname, '..', '..', '..', '..', 'package.json') },
          },
        }),
      ),
    );
    await functionActive(lambda, fn('env'));
    // Act
    const { env, modules, repo } = await invoke(fn('env'));
    // Assess: Lambda's documented variables (configuration-envvars) and the function's, nothing of local-cloud's
    const documented = [
      '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
      'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME',
      'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_LAMBDA_LOG_FORMAT', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
      'AWS_XRAY_CONTEXT_MISSING', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR', 'LANG', 'PATH', 'TZ', 'NODE_PATH', 'TMPDIR',
      // where the SDK inside the function finds local-cloud
      'AWS_ENDPOINT_URL',
    ];
    const own = ['MY_SETTING', 'NODE_OPTIONS', 'LD_PRELOAD', 'REPO_FILE'];
    expect(Object.keys(env).sort()).toEqual([...documented, ...own].sort());
    expect(env.MY_SETTING).toBe('on');
    expect(env.PATH.split(':')).not.toContain(path.resolve(__dirname, '..', '..', '..', '..', '..', '..', 'node_modules', '.bin'));
    // NODE_OPTIONS is the function's value, but it did not widen what the process may read
    expect(env.NODE_OPTIONS).toBe('--allow-fs-read=/ --enable-source-maps');
    expect(repo).toBe('ERR_ACCESS_DENIED');
    // the module path holds the AWS SDK and its dependencies: no better-sqlite3, nothing of this repository
    expect(modules).toContain('@aws-sdk/client-sts');
    for (const internal of ['better-sqlite3', 'typescript', 'jest', 'aws-cdk-lib', '@kms-logs-api/local-cloud', '@kms-logs-api/iam-policy']) expect(modules).not.toContain(internal);
  });

  it('survives a function that writes malformed messages to the runtime channel: the worker is stopped, local-cloud goes on', async () => {
    // Prepare
    const code = "exports.handler = async () => { process.send({ t: 'log', logs: 5 }); process.send({ t: 'done', id: 1, logs: null }); await new Promise((r) => setTimeout(r, 1000)); return 'late'; };";
    await lambda.send(new CreateFunctionCommand(await createInput(fn('forger'), { 'index.js': code }, { Runtime: runtime })));
    await functionActive(lambda, fn('forger'));
    // Act
    const out = await lambda.send(new InvokeCommand({ FunctionName: fn('forger') }));
    // Assess
    expect(out.FunctionError).toBe('Unhandled');
    expect(decode(out.Payload)).toMatchObject({ errorType: 'Runtime.ExitError' });
    expect(decode(out.Payload).errorMessage).toContain('the worker sent a message local-cloud does not understand');
    expect(await invoke(fn('works'))).toMatchObject({ tmp: 'kept' });
  });
});

describe('execution role credentials', () => {
  it('refuses a role Lambda cannot assume, on CreateFunction and UpdateFunctionConfiguration', async () => {
    // Prepare: a role trusted by EC2 only
    await iam.send(new CreateRoleCommand({ RoleName: 'ec2-only', AssumeRolePolicyDocument: trusting('ec2.amazonaws.com') }));
    const ec2Role = `arn:aws:iam::${ACCOUNT}:role/ec2-only`;
    await lambda.send(new CreateFunctionCommand(await createInput('role-change', { 'index.js': 'exports.handler = async () => 1;' })));
    await functionActive(lambda, 'role-change');
    // Act
    const created = await failure(lambda.send(new CreateFunctionCommand(await createInput('ec2-role', { 'index.js': '' }, { Role: ec2Role }))));
    const updated = await failure(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'role-change', Role: ec2Role })));
    // Assess
    for (const error of [created, updated]) {
      expect(error.name).toBe('InvalidParameterValueException');
      expect(error.message).toBe('The role defined for the function cannot be assumed by Lambda.');
      expect(error.$metadata.httpStatusCode).toBe(400);
    }
  });

  it('never runs a function with the root keys: once its role no longer trusts Lambda, Invoke fails', async () => {
    // Prepare: a function created under a role that trusts Lambda, whose trust policy then changes
    await iam.send(new CreateRoleCommand({ RoleName: 'was-trusted', AssumeRolePolicyDocument: trusting('lambda.amazonaws.com') }));
    await lambda.send(
      new CreateFunctionCommand(await createInput('untrusted', { 'index.js': 'exports.handler = async () => process.env.AWS_ACCESS_KEY_ID;' }, { Role: `arn:aws:iam::${ACCOUNT}:role/was-trusted` })),
    );
    await functionActive(lambda, 'untrusted');
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'was-trusted', PolicyDocument: trusting('ec2.amazonaws.com') }));
    // Act
    const error = await failure(lambda.send(new InvokeCommand({ FunctionName: 'untrusted' })));
    // Assess
    expect(error.name).toBe('InvalidParameterValueException');
    expect(error.message).toBe('The role defined for the function cannot be assumed by Lambda.');
  });
});
