import type { Scope } from '../../core/scope';
import type { ServiceDirectory } from '../../core/service';
import { iamBackendOf } from '../iam/iam-service';
import type { StsService } from '../sts';
import { invalidParameter } from './errors';
import type { FunctionVersion, RoleCredentials } from './runtime/lambda-runtime';

/**
 * Lambda must be able to assume the role: IAM's `roleTrusts` for `lambda.amazonaws.com`. Every server runs IAM;
 * without it this throws (a wiring mistake), never lets any role through.
 */
export function checkRoleTrustsLambda(services: ServiceDirectory | undefined, roleArn: string, scope: Scope): void {
  if (!iamBackendOf(services).roleTrusts(roleArn, { Service: 'lambda.amazonaws.com' }, scope)) {
    throw invalidParameter('The role defined for the function cannot be assumed by Lambda.');
  }
}

/**
 * The credentials an execution environment gets: a session of the function's execution role, assumed by
 * `lambda.amazonaws.com` under the role's trust policy, named after the function (as Lambda does). Never the
 * account's root keys: a role Lambda can no longer assume (deleted, trust policy changed) fails the invocation.
 */
export function executionRoleCredentials(services: ServiceDirectory | undefined, fn: FunctionVersion, serverLog: (line: string) => void): RoleCredentials {
  const sts = services?.get<StsService>('sts');
  try {
    if (!sts) throw new Error('STS is not running');
    const session = sts.backend.assumeRoleAsService({
      accountId: fn.accountId,
      roleArn: fn.role,
      sessionName: fn.functionName.padEnd(2, '_'),
      service: 'lambda.amazonaws.com',
      durationSeconds: 3600,
    });
    return { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken, expiration: session.expiration };
  } catch (error) {
    serverLog(`lambda: ${fn.functionName} not run: lambda.amazonaws.com cannot assume its role ${fn.role}: ${(error as Error).message}`);
    throw invalidParameter('The role defined for the function cannot be assumed by Lambda.');
  }
}
