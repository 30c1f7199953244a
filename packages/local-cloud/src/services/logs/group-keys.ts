import { parseKmsArn } from '../../core/arns/kms';
import { logGroupArn } from '../../core/arns/logs';
import { AwsError } from '../../core/aws-error';
import type { Scope } from '../../core/scope';
import type { KmsBackend } from '../kms';
import { invalid } from './errors';

/** The actions CloudWatch Logs needs on a key before it accepts it for a group (DescribeKey is not one). */
const KEY_ACTIONS_FOR_GROUP = ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:Decrypt'];

/** Whether `id` is a KMS key ARN (`arn:aws:kms:<region>:<12 digits>:key/<id>`): Logs takes no key id or alias. */
function kmsKeyArnRegion(id: string): string | undefined {
  const arn = parseKmsArn(id);
  return arn?.kind === 'key' && !arn.keyId.includes('/') ? arn.region : undefined;
}

/**
 * What CloudWatch Logs does before it accepts a key for a group: the key must be a key ARN that exists and is
 * usable, and its key policy must let `logs.<region>.amazonaws.com` use it (GenerateDataKey, Encrypt, Decrypt)
 * with the group's encryption context. Returns the key ARN; nothing is changed when it throws.
 */
export function acceptKeyForGroup(kms: KmsBackend, kmsKeyId: string, logGroupName: string, scope: Scope): string {
  const region = kmsKeyArnRegion(kmsKeyId);
  if (region === undefined) throw invalid(`The specified KMS key id '${kmsKeyId}' is not a valid KMS key ARN.`);
  if (region !== scope.region) {
    throw invalid(`The specified KMS key '${kmsKeyId}' is not in the Region of the log group (${scope.region}).`);
  }
  const groupArn = logGroupArn(scope, logGroupName);
  try {
    return kms.checkAccess({
      ...kms.serviceCaller('logs', scope),
      keyId: kmsKeyId,
      actions: KEY_ACTIONS_FOR_GROUP,
      encryptionContext: { 'aws:logs:arn': groupArn },
    }).keyArn;
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    switch (e.code) {
      case 'AccessDeniedException':
        throw new AwsError(
          'AccessDeniedException',
          `The specified KMS key does not exist or is not allowed to be used with Arn '${groupArn}'`,
        );
      case 'NotFoundException':
        throw invalid('The specified KMS Key Id could not be found.');
      case 'DisabledException':
        throw invalid(`The specified KMS key '${kmsKeyId}' is disabled.`);
      case 'KMSInvalidStateException':
        throw invalid(`The specified KMS key '${kmsKeyId}' is pending deletion.`);
      default:
        throw e;
    }
  }
}
