import { randomBytes } from 'node:crypto';
import { evaluatePolicy, MalformedPolicyDocumentError, parsePolicy } from '@kms-logs-api/iam-policy';
import { AwsError } from '../../core/aws-error';
import { accountRootArn, assumedRoleArn, parseArn } from '../../core/arn';
import { awsId, secretString, stableAwsId } from '../../core/ids';
import { InputReader } from '../../core/input';
import type { AwsService, ServiceDeps } from '../../core/service';
import type { IamService } from '../iam';
import { awsManagedPolicy } from '../iam/authorizer/managed-policies';
import { STS_AUTHORIZATION } from './authorization';

/** Temporary credentials STS issued, as the authenticator needs them. */
export interface StsSession {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** The role the session acts as (`arn:aws:iam::<acct>:role/<path><name>`). */
  readonly roleArn: string;
  /** `arn:aws:sts::<acct>:assumed-role/<name>/<session>` */
  readonly assumedRoleArn: string;
  /** `<RoleId>:<session>` */
  readonly assumedRoleId: string;
  readonly expiration: Date;
  /**
   * The session policies passed to AssumeRole (`Policy`, then each of `PolicyArns` as its document), as JSON
   * texts; undefined when none were passed. The session may do only what these and the role both allow.
   */
  readonly sessionPolicies?: readonly string[];
}

export interface StsService extends AwsService {
  /** The session issued with this access key id, expired or not; undefined when STS never issued it. */
  findSession(accessKeyId: string): StsSession | undefined;
  /**
   * AssumeRole as an AWS service principal (Lambda for a function's execution role): the role must exist in
   * IAM and its trust policy must allow `service`; else AccessDenied. No bootstrap-role shortcut, no fallback.
   */
  assumeRoleAsService(request: { accountId: string; roleArn: string; sessionName: string; service: string; durationSeconds?: number }): StsSession;
}

interface SessionRow {
  access_key_id: string;
  secret_access_key: string;
  session_token: string;
  role_arn: string;
  assumed_role_arn: string;
  assumed_role_id: string;
  expiration: number;
  session_policies: string | null;
}

/** The roles `cdk bootstrap` would create: local-cloud starts bootstrapped, so they always exist. */
const BOOTSTRAP_ROLE = /^cdk-hnb659fds-(deploy|file-publishing|image-publishing|lookup|cfn-exec)-role-(\d{12})-([a-z0-9-]+)$/;

const invalid = (message: string) => new AwsError('ValidationError', message);

/**
 * STS (awsQuery, 2011-06-15): who am I, and AssumeRole issuing session credentials that the server then
 * accepts (their calls act as the role). A role must exist in IAM, except the CDK bootstrap roles.
 */
export function createStsService(deps: ServiceDeps): StsService {
  const { store } = deps;
  store.migrate('sts/001-sessions', `
    CREATE TABLE sts_sessions (
      access_key_id TEXT PRIMARY KEY,
      secret_access_key TEXT NOT NULL,
      session_token TEXT NOT NULL,
      role_arn TEXT NOT NULL,
      assumed_role_arn TEXT NOT NULL,
      assumed_role_id TEXT NOT NULL,
      expiration INTEGER NOT NULL
    );
  `);
  // session policies (AssumeRole's Policy and PolicyArns) limit what the session may do
  store.migrate('sts/002-session-policies', 'ALTER TABLE sts_sessions ADD COLUMN session_policies TEXT');
  const db = store.db;
  const selectSession = db.prepare<[string], SessionRow>('SELECT * FROM sts_sessions WHERE access_key_id = ?');

  const findSession = (accessKeyId: string): StsSession | undefined => {
    const row = selectSession.get(accessKeyId);
    if (!row) return undefined;
    return {
      accessKeyId: row.access_key_id,
      secretAccessKey: row.secret_access_key,
      sessionToken: row.session_token,
      roleArn: row.role_arn,
      assumedRoleArn: row.assumed_role_arn,
      assumedRoleId: row.assumed_role_id,
      expiration: new Date(row.expiration),
      ...(row.session_policies ? { sessionPolicies: JSON.parse(row.session_policies) as string[] } : {}),
    };
  };

  /**
   * The role to assume: its id, ARN and session limit; AccessDenied as STS answers when it does not exist or
   * its trust policy does not let `principal` in. A service principal gets no bootstrap-role shortcut.
   */
  const resolveRole = (arn: string, caller: { accountId: string; callerArn: string; principal: { AWS: string } | { Service: string } }) => {
    const parsed = parseArn(arn);
    const denied = () => new AwsError('AccessDenied', `User: ${caller.callerArn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`, { status: 403 });
    if (!parsed || parsed.service !== 'iam' || !parsed.resource.startsWith('role/')) throw invalid(`${arn} is invalid`);
    if (parsed.account !== caller.accountId) throw denied();
    const name = parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1);
    const asService = 'Service' in caller.principal;
    const bootstrap = BOOTSTRAP_ROLE.exec(name);
    if (!asService && bootstrap && bootstrap[2] === caller.accountId) {
      return { name, roleId: stableAwsId('AROA', 17, name), arn, maxSessionDuration: 3600 };
    }
    const role = deps.services?.get<IamService>('iam')?.getRole(name);
    if (!role || role.arn !== arn) throw denied();
    // the role's trust policy must let the caller in (an account-root principal covers the whole account)
    let decision: string;
    try {
      decision = evaluatePolicy(role.assumeRolePolicyDocument, { principal: caller.principal, action: 'sts:AssumeRole', resource: role.arn }).decision;
    } catch {
      // a trust policy the evaluator cannot read lets nobody in
      decision = 'ImplicitDeny';
    }
    if (decision !== 'Allow') throw denied();
    return { name: role.roleName, roleId: role.roleId, arn: role.arn, maxSessionDuration: role.maxSessionDuration };
  };

  /** Issues and stores a session of `role` named `sessionName`. */
  const issueSession = (accountId: string, role: { name: string; roleId: string; arn: string }, sessionName: string, duration: number, sessionPolicies?: string[]): StsSession => {
    const session: StsSession = {
      ...(sessionPolicies ? { sessionPolicies } : {}),
      accessKeyId: awsId('ASIA', 16),
      secretAccessKey: secretString(40),
      sessionToken: randomBytes(192).toString('base64'),
      roleArn: role.arn,
      assumedRoleArn: assumedRoleArn(accountId, role.name, sessionName),
      assumedRoleId: `${role.roleId}:${sessionName}`,
      expiration: new Date((Math.floor(Date.now() / 1000) + duration) * 1000),
    };
    db.prepare(`INSERT INTO sts_sessions (access_key_id, secret_access_key, session_token, role_arn, assumed_role_arn, assumed_role_id, expiration, session_policies)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(session.accessKeyId, session.secretAccessKey, session.sessionToken, session.roleArn,
      session.assumedRoleArn, session.assumedRoleId, session.expiration.getTime(), sessionPolicies ? JSON.stringify(sessionPolicies) : null);
    // sessions expired for a day are of no use to anyone
    db.prepare('DELETE FROM sts_sessions WHERE expiration < ?').run(Date.now() - 86_400_000);
    return session;
  };

  const assumeRoleAsService: StsService['assumeRoleAsService'] = ({ accountId, roleArn, sessionName, service, durationSeconds = 3600 }) => {
    const role = resolveRole(roleArn, { accountId, callerArn: service, principal: { Service: service } });
    return issueSession(accountId, role, sessionName, Math.min(durationSeconds, role.maxSessionDuration));
  };

  return {
    signingName: 'sts',
    authorization: STS_AUTHORIZATION,
    protocol: 'awsQuery',
    apiVersion: '2011-06-15',
    xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
    findSession,
    assumeRoleAsService,
    operations: {
      GetCallerIdentity: (_input, ctx) => {
        if (ctx.callerArn === accountRootArn(ctx.accountId)) return { UserId: ctx.accountId, Account: ctx.accountId, Arn: ctx.callerArn };
        const session = findSession(ctx.accessKeyId);
        const user = session ? undefined : deps.services?.get<IamService>('iam')?.findAccessKey(ctx.accessKeyId);
        return { UserId: session?.assumedRoleId ?? user?.userId ?? ctx.accessKeyId, Account: ctx.accountId, Arn: ctx.callerArn };
      },

      AssumeRole: (input, ctx) => {
        const r = new InputReader(input, invalid);
        const arn = r.string('RoleArn', { required: true });
        const sessionName = r.string('RoleSessionName', { required: true });
        const duration = r.integer('DurationSeconds') ?? 3600;
        // the model states no maximum; AWS refuses a session policy over 2,048 characters
        const policy = r.string('Policy', { max: 2048 });
        if (policy !== undefined) {
          try {
            JSON.parse(policy);
          } catch {
            throw new AwsError('MalformedPolicyDocument', 'The policy is not in the valid JSON format.');
          }
          try {
            parsePolicy(policy);
          } catch (e) {
            if (e instanceof MalformedPolicyDocumentError) throw new AwsError('MalformedPolicyDocument', e.message);
            throw e;
          }
        }
        const policyArns = r.list('PolicyArns').map((p) => String((p as { arn?: unknown } | undefined)?.arn ?? ''));
        if (policyArns.length > 10) throw invalid('1 validation error detected: Value at \'policyArns\' failed to satisfy constraint: Member must have length less than or equal to 10');
        const role = resolveRole(arn, { accountId: ctx.accountId, callerArn: ctx.callerArn, principal: { AWS: ctx.callerArn } });
        if (duration > role.maxSessionDuration) {
          throw invalid(`The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`);
        }
        const sessionPolicies = policy !== undefined || policyArns.length > 0 ? [...(policy !== undefined ? [policy] : []), ...policyArns.map(sessionPolicyDocument)] : undefined;
        const session = issueSession(ctx.accountId, role, sessionName, duration, sessionPolicies);
        return {
          Credentials: {
            AccessKeyId: session.accessKeyId,
            SecretAccessKey: session.secretAccessKey,
            SessionToken: session.sessionToken,
            Expiration: session.expiration,
          },
          AssumedRoleUser: { AssumedRoleId: session.assumedRoleId, Arn: session.assumedRoleArn },
          PackedPolicySize: policy !== undefined ? Math.min(100, Math.ceil(policy.length / 20)) : undefined,
        };
      },
    },
  };
}

/**
 * A managed policy passed as a session policy, as its document: AWS managed policies local-cloud ships; any other
 * (customer managed policies are not modelled) limits the session to nothing, never to everything.
 */
function sessionPolicyDocument(arn: string): string {
  const managed = awsManagedPolicy(arn);
  return JSON.stringify(managed?.document ?? { Version: '2012-10-17', Statement: [] });
}
