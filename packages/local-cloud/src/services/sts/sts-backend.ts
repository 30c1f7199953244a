import { randomBytes } from 'node:crypto';
import { MalformedPolicyDocumentError, parsePolicy, type RequestPrincipal } from '@kms-logs-api/iam-policy';
import { AwsError } from '../../core/aws-error';
import { accountRootArn } from '../../core/arn';
import { parseIamRoleArn } from '../../core/arns/iam';
import { assumedRoleArn } from '../../core/arns/sts';
import { awsId, secretString, stableAwsId } from '../../core/ids';
import type { CallContext } from '../../core/service';
import type { Store } from '../../store/store';
import { bootstrapRole } from '../iam/authorizer/bootstrap-roles';
import { awsManagedPolicy } from '../iam/authorizer/managed-policies';
import type { IamBackend } from '../iam/iam-backend';
import { SessionStore, type StsSession } from './session-store';

/** Who calls AssumeRole: the account and the caller's ARN (the principal the role's trust policy must name). */
export interface StsCaller {
  readonly accountId: string;
  readonly callerArn: string;
}

/** What AssumeRole asks for (the model has checked each member's form). */
export interface AssumeRoleRequest {
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds?: number;
  /** An inline session policy (JSON). */
  readonly policy?: string;
  /** Managed policies as session policies. */
  readonly policyArns?: readonly string[];
}

/** AssumeRole by an AWS service principal (Lambda for a function's execution role). */
export interface ServiceAssumeRoleRequest {
  readonly accountId: string;
  readonly roleArn: string;
  readonly sessionName: string;
  /** `lambda.amazonaws.com` */
  readonly service: string;
  readonly durationSeconds?: number;
}

/** The caller as GetCallerIdentity shows it. */
export interface CallerIdentity {
  readonly userId: string;
  readonly account: string;
  readonly arn: string;
}

/** The role a session is issued for. */
interface AssumableRole {
  readonly name: string;
  readonly roleId: string;
  readonly arn: string;
  readonly maxSessionDuration: number;
}

const invalid = (message: string) => new AwsError('ValidationError', message);

/**
 * STS's domain: who the caller is, and AssumeRole issuing session credentials that the server then accepts (their
 * calls act as the role). A role must exist in IAM and trust the caller (IAM's `roleTrusts`), except the CDK
 * bootstrap roles, which local-cloud starts with. Methods throw `AwsError`.
 *
 * @example
 * const sts = new StsBackend(store, () => iam);
 * const session = sts.assumeRoleAsService({ accountId, roleArn, sessionName: 'fn', service: 'lambda.amazonaws.com' });
 */
export class StsBackend {
  private readonly sessions: SessionStore;

  /** `iam`: IAM's backend, asked when a role is assumed (resolved then: the services are wired after this one). */
  constructor(store: Store, private readonly iam: () => IamBackend) {
    this.sessions = new SessionStore(store);
  }

  /** The session issued with this access key id, expired or not; undefined when STS never issued it. */
  public findSession(accessKeyId: string): StsSession | undefined {
    return this.sessions.find(accessKeyId);
  }

  /** GetCallerIdentity: the account root, a role session (its `<RoleId>:<session>`) or an IAM user (its user id). */
  public callerIdentity(ctx: Pick<CallContext, 'accountId' | 'callerArn' | 'accessKeyId'>): CallerIdentity {
    const identity = (userId: string) => ({ userId, account: ctx.accountId, arn: ctx.callerArn });
    if (ctx.callerArn === accountRootArn(ctx.accountId)) return identity(ctx.accountId);
    const session = this.sessions.find(ctx.accessKeyId);
    if (session) return identity(session.assumedRoleId);
    return identity(this.iam().findAccessKey(ctx.accessKeyId)?.userId ?? ctx.accessKeyId);
  }

  /**
   * AssumeRole: the session policies must be well-formed, the role must trust the caller, the duration must not
   * exceed the role's MaxSessionDuration.
   */
  public assumeRole(caller: StsCaller, request: AssumeRoleRequest): StsSession {
    const duration = request.durationSeconds ?? 3600;
    if (request.policy !== undefined) checkSessionPolicy(request.policy);
    const policyArns = request.policyArns ?? [];
    // the model states no maximum; STS takes at most 10 managed session policies
    if (policyArns.length > 10) throw invalid('1 validation error detected: Value at \'policyArns\' failed to satisfy constraint: Member must have length less than or equal to 10');
    const role = this.resolveRole(request.roleArn, { ...caller, principal: { AWS: caller.callerArn } });
    if (duration > role.maxSessionDuration) throw invalid('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    const sessionPolicies = request.policy !== undefined || policyArns.length > 0
      ? [...(request.policy !== undefined ? [request.policy] : []), ...policyArns.map(sessionPolicyDocument)]
      : undefined;
    return this.issueSession(caller.accountId, role, request.roleSessionName, duration, sessionPolicies);
  }

  /**
   * AssumeRole as an AWS service principal (Lambda for a function's execution role): the role must exist in IAM and
   * its trust policy must allow `service`; else AccessDenied. No bootstrap-role shortcut, no fallback.
   */
  public assumeRoleAsService({ accountId, roleArn, sessionName, service, durationSeconds = 3600 }: ServiceAssumeRoleRequest): StsSession {
    const role = this.resolveRole(roleArn, { accountId, callerArn: service, principal: { Service: service } });
    return this.issueSession(accountId, role, sessionName, Math.min(durationSeconds, role.maxSessionDuration));
  }

  /**
   * The role to assume: its id, ARN and session limit; AccessDenied as STS answers when it does not exist or its
   * trust policy does not let `principal` in. A service principal gets no bootstrap-role shortcut.
   */
  private resolveRole(arn: string, caller: StsCaller & { principal: RequestPrincipal }): AssumableRole {
    const ref = parseIamRoleArn(arn);
    if (!ref) throw invalid(`${arn} is invalid`);
    const denied = () => new AwsError('AccessDenied', `User: ${caller.callerArn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`, { status: 403 });
    if (ref.accountId !== caller.accountId) throw denied();
    // the bootstrap roles exist without an IAM row; the pipeline's authorizer has checked their template trust policies
    if (!('Service' in caller.principal) && bootstrapRole(ref.name)?.accountId === caller.accountId) {
      return { name: ref.name, roleId: stableAwsId('AROA', 17, ref.name), arn, maxSessionDuration: 3600 };
    }
    const iam = this.iam();
    const role = iam.roleTrusts(arn, caller.principal, caller) ? iam.getRole(ref.name) : undefined;
    if (!role) throw denied();
    return { name: role.roleName, roleId: role.roleId, arn: role.arn, maxSessionDuration: role.maxSessionDuration };
  }

  /** Issues and stores a session of `role` named `sessionName`. */
  private issueSession(accountId: string, role: AssumableRole, sessionName: string, duration: number, sessionPolicies?: string[]): StsSession {
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
    this.sessions.insert(session);
    return session;
  }
}

/** An inline session policy as STS checks it: JSON first, then the policy grammar. */
function checkSessionPolicy(policy: string): void {
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

/**
 * A managed policy passed as a session policy, as its document: AWS managed policies local-cloud ships; any other
 * (customer managed policies are not modelled) limits the session to nothing, never to everything.
 */
function sessionPolicyDocument(arn: string): string {
  const managed = awsManagedPolicy(arn);
  return JSON.stringify(managed?.document ?? { Version: '2012-10-17', Statement: [] });
}
