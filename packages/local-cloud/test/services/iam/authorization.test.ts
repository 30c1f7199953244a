import { AttachRolePolicyCommand, CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, DeleteRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateLogGroupCommand, CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { zipFiles } from '../../helpers/zip';
import { useLocalCloud, type LocalCloudClientConfig } from '../../helpers/local-cloud';
import { LAMBDA_TRUST } from '../../helpers/roles';

/**
 * Issue 14's table: each caller, each call, the decision AWS makes and the words it refuses with — through the
 * real SDK v3 clients, enforcement on (the default).
 */
const ACCOUNT = '000000000000';
const REGION = 'ap-southeast-1';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const session = (name: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/ss`;
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const param = (name: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${name}`;
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

type Caller = 'root' | 'user' | 'nopolicy' | 'reader' | 'admin' | 'denykms' | 'bounded' | 'passer' | 'admin+session' | 'admin+denysession';
type Call = 'encrypt(delegating)' | 'encrypt(deny-admin)' | 'encrypt(reader-only)' | 'getParameter(one)' | 'getParameter(two)' | 'createLogGroup' | 'createFunction' | 'putRolePolicy' | 'getCallerIdentity';

describe('authorization on every call (enforced)', () => {
  const keys: Record<string, string> = {};
  const clients = new Map<Caller, LocalCloudClientConfig>();
  const lines: string[] = [];
  const cloud = useLocalCloud({ iam: IAMClient, kms: KMSClient, ssm: SSMClient, sts: STSClient }, { log: (line) => lines.push(line) });
  const { iam, kms, ssm, sts } = cloud;

  beforeAll(async () => {
    const createRole = async (name: string, inline?: string, attached?: string, boundary?: string) => {
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST, PermissionsBoundary: boundary }));
      if (inline) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'inline', PolicyDocument: inline }));
      if (attached) await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: attached }));
    };
    await createRole('nopolicy');
    await createRole('reader', doc({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: param('app/one') }));
    await createRole('admin', undefined, ADMIN);
    await createRole('denykms', doc({ Effect: 'Deny', Action: 'kms:Encrypt', Resource: '*' }), ADMIN);
    await createRole('bounded', undefined, ADMIN, 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
    await createRole('passer', doc({ Effect: 'Allow', Action: 'lambda:CreateFunction', Resource: '*' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'fn-role', AssumeRolePolicyDocument: LAMBDA_TRUST }));
    for (const name of ['app/one', 'app/two']) await ssm.send(new PutParameterCommand({ Name: `/${name}`, Value: 'v', Type: 'String' }));
    keys.delegating = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const rootAll = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' };
    keys.denyAdmin = (await kms.send(new CreateKeyCommand({
      Policy: doc(rootAll, { Sid: 'NoAdminEncrypt', Effect: 'Deny', Principal: { AWS: role('admin') }, Action: 'kms:Encrypt', Resource: '*' }),
    }))).KeyMetadata!.KeyId!;
    keys.readerOnly = (await kms.send(new CreateKeyCommand({
      Policy: doc({ Sid: 'ReaderOnly', Effect: 'Allow', Principal: { AWS: role('reader') }, Action: 'kms:*', Resource: '*' }),
      BypassPolicyLockoutSafetyCheck: true,
    }))).KeyMetadata!.KeyId!;

    const assume = async (name: string, extra: { Policy?: string } = {}): Promise<LocalCloudClientConfig> => {
      const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: role(name), RoleSessionName: 'ss', ...extra }));
      return { ...cloud().clientConfig, credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken } };
    };
    clients.set('root', cloud().clientConfig);
    // an IAM user with an access key and no policy
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const { AccessKey: k } = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    clients.set('user', { ...cloud().clientConfig, credentials: { accessKeyId: k!.AccessKeyId!, secretAccessKey: k!.SecretAccessKey! } });
    for (const name of ['nopolicy', 'reader', 'admin', 'denykms', 'bounded', 'passer'] as const) clients.set(name, await assume(name));
    clients.set('admin+session', await assume('admin', { Policy: doc({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' }) }));
    clients.set('admin+denysession', await assume('admin', { Policy: doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'kms:*', Resource: '*' }) }));
  });

  const keyArn = (name: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keys[name]}`;
  const run = async (caller: Caller, call: Call): Promise<unknown> => {
    const config = { ...clients.get(caller)!, maxAttempts: 1 };
    switch (call) {
      case 'encrypt(delegating)': return new KMSClient(config).send(new EncryptCommand({ KeyId: keys.delegating, Plaintext: Buffer.from('x') }));
      case 'encrypt(deny-admin)': return new KMSClient(config).send(new EncryptCommand({ KeyId: keys.denyAdmin, Plaintext: Buffer.from('x') }));
      case 'encrypt(reader-only)': return new KMSClient(config).send(new EncryptCommand({ KeyId: keys.readerOnly, Plaintext: Buffer.from('x') }));
      case 'getParameter(one)': return new SSMClient(config).send(new GetParameterCommand({ Name: '/app/one' }));
      case 'getParameter(two)': return new SSMClient(config).send(new GetParameterCommand({ Name: '/app/two' }));
      case 'createLogGroup': return new CloudWatchLogsClient(config).send(new CreateLogGroupCommand({ logGroupName: `/authz/${caller}` }));
      case 'createFunction': return new LambdaClient(config).send(new CreateFunctionCommand({
        FunctionName: `fn-${caller.replace(/\W/g, '-')}`, Role: role('fn-role'), Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: await EMPTY_ZIP },
      }));
      case 'putRolePolicy': return new IAMClient(config).send(new PutRolePolicyCommand({ RoleName: caller === 'root' ? 'fn-role' : 'nopolicy', PolicyName: 'escalate', PolicyDocument: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }));
      case 'getCallerIdentity': return new STSClient(config).send(new GetCallerIdentityCommand({}));
    }
  };

  const who = (caller: Caller) => (caller === 'root' ? `arn:aws:iam::${ACCOUNT}:root` : caller === 'user' ? `arn:aws:iam::${ACCOUNT}:user/alice` : session(caller.replace(/\+.*/, '')));
  const denied = (caller: Caller, action: string, resource: () => string, why: string, code = 'AccessDeniedException', status = 400) =>
    ({ code, status, message: () => `User: ${who(caller)} is not authorized to perform: ${action} on resource: ${resource()} ${why.replace('%a', action)}` });
  const NO_IDENTITY = 'because no identity-based policy allows the %a action';

  it.each<[string, Caller, Call, 'allowed' | ReturnType<typeof denied>]>([
    ['root may use a key whose policy delegates to the account', 'root', 'encrypt(delegating)', 'allowed'],
    ['root is refused by a key policy that does not name the account', 'root', 'encrypt(reader-only)',
      denied('root', 'kms:Encrypt', () => keyArn('readerOnly'), 'because no resource-based policy allows the %a action')],
    ['root may do anything else', 'root', 'putRolePolicy', 'allowed'],
    ['a user with an access key and no policy may not read a parameter', 'user', 'getParameter(one)', denied('user', 'ssm:GetParameter', () => param('app/one'), NO_IDENTITY)],
    ['a user with no policy may not use a key that delegates to the account', 'user', 'encrypt(delegating)',
      denied('user', 'kms:Encrypt', () => keyArn('delegating'), NO_IDENTITY)],
    ['a user still knows who it is', 'user', 'getCallerIdentity', 'allowed'],
    ['a role session with no policy may not read a parameter', 'nopolicy', 'getParameter(one)', denied('nopolicy', 'ssm:GetParameter', () => param('app/one'), NO_IDENTITY)],
    ['a role session with no policy may not grant itself *:*', 'nopolicy', 'putRolePolicy',
      denied('nopolicy', 'iam:PutRolePolicy', () => role('nopolicy'), NO_IDENTITY, 'AccessDenied', 403)],
    ['a role session with no policy may not use a key that delegates to the account', 'nopolicy', 'encrypt(delegating)',
      denied('nopolicy', 'kms:Encrypt', () => keyArn('delegating'), NO_IDENTITY)],
    ['a role session with no policy still knows who it is', 'nopolicy', 'getCallerIdentity', 'allowed'],
    ['the reader role reads its parameter', 'reader', 'getParameter(one)', 'allowed'],
    ['the reader role may not read another parameter', 'reader', 'getParameter(two)', denied('reader', 'ssm:GetParameter', () => param('app/two'), NO_IDENTITY)],
    ['a key policy naming the role allows it without an identity policy', 'reader', 'encrypt(reader-only)', 'allowed'],
    ['an admin role may not use a key whose policy names neither it nor the account', 'admin', 'encrypt(reader-only)',
      denied('admin', 'kms:Encrypt', () => keyArn('readerOnly'), 'because no resource-based policy allows the %a action')],
    ['an explicit deny in a key policy wins over AdministratorAccess', 'admin', 'encrypt(deny-admin)',
      denied('admin', 'kms:Encrypt', () => keyArn('denyAdmin'), 'with an explicit deny in a resource-based policy')],
    ['an explicit deny in an identity policy wins over AdministratorAccess', 'denykms', 'encrypt(delegating)',
      denied('denykms', 'kms:Encrypt', () => keyArn('delegating'), 'with an explicit deny in an identity-based policy')],
    ['a permissions boundary allows what it allows', 'bounded', 'createLogGroup', 'allowed'],
    ['a permissions boundary limits AdministratorAccess', 'bounded', 'encrypt(delegating)',
      denied('bounded', 'kms:Encrypt', () => keyArn('delegating'), 'because no permissions boundary allows the %a action')],
    ['a session policy allows what it and the role allow', 'admin+session', 'getParameter(two)', 'allowed'],
    ['a session policy limits the role', 'admin+session', 'encrypt(delegating)',
      denied('admin+session', 'kms:Encrypt', () => keyArn('delegating'), 'because no session policy allows the %a action')],
    ['an explicit deny in a session policy wins', 'admin+denysession', 'encrypt(delegating)',
      denied('admin+denysession', 'kms:Encrypt', () => keyArn('delegating'), 'with an explicit deny in a session policy')],
    ['iam:PassRole is checked where Lambda takes a role', 'passer', 'createFunction',
      denied('passer', 'iam:PassRole', () => role('fn-role'), NO_IDENTITY, 'AccessDeniedException', 403)],
    ['AdministratorAccess may pass the role', 'admin', 'createFunction', 'allowed'],
  ])('%s', async (_title, caller, call, expected) => {
    // Act
    const outcome = await run(caller, call).then(() => 'allowed' as const, (e: { name: string; message: string; $metadata?: { httpStatusCode?: number } }) => e);
    // Assess
    if (expected === 'allowed') {
      expect(outcome).toBe('allowed');
      return;
    }
    expect(outcome).toMatchObject({ name: expected.code, message: expected.message(), $metadata: { httpStatusCode: expected.status } });
  });

  it('GetCallerIdentity of a user is its ARN and id', async () => {
    const me = await new STSClient(clients.get('user')!).send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Arn: `arn:aws:iam::${ACCOUNT}:user/alice`, UserId: expect.stringMatching(/^AIDA[A-Z0-9]{17}$/) });
  });

  it('GetCallerIdentity of a role session is the assumed-role ARN', async () => {
    const me = await new STSClient(clients.get('nopolicy')!).send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe(session('nopolicy'));
    expect(me.UserId).toMatch(/^AROA[A-Z0-9]{17}:ss$/);
  });

  it('decides with the policies as they are now: a removed permission is refused at once, an added one allowed', async () => {
    // Prepare
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
    await iam.send(new CreateRoleCommand({ RoleName: 'changing', AssumeRolePolicyDocument: trust }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'changing', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' }) }));
    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: role('changing'), RoleSessionName: 'ss' }));
    const ssm = new SSMClient({ ...cloud().clientConfig, maxAttempts: 1, credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken } });
    const read = () => ssm.send(new GetParameterCommand({ Name: '/app/one' })).then(() => 'allowed', (e: Error) => e.name);
    // Act
    const before = await read();
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'changing', PolicyName: 'p' }));
    const removed = await read();
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'changing', PolicyArn: ADMIN }));
    const added = await read();
    // Assess
    expect([before, removed, added]).toEqual(['allowed', 'AccessDeniedException', 'allowed']);
    ssm.destroy();
  });

  it('logs each refusal with its request id', async () => {
    const error = await run('nopolicy', 'getParameter(two)').catch((e: { $metadata: { requestId: string } }) => e) as { $metadata: { requestId: string } };
    expect(lines.some((l) => l.includes(error.$metadata.requestId) && l.includes('refused') && l.includes('ssm:GetParameter'))).toBe(true);
  });
});

const EMPTY_ZIP = zipFiles({ 'index.js': 'exports.handler = async () => ({});' });
