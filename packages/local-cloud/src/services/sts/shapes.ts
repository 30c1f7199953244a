import type { AssumeRoleResponse } from '@aws-sdk/client-sts';
import type { StsSession } from './session-store';

/**
 * AssumeRole's answer for a session. `PackedPolicySize`: the share (percent) of the packed session policy limit
 * an inline policy uses, approximated from its length; absent without one.
 */
export function assumeRoleShape(session: StsSession, policy: string | undefined): AssumeRoleResponse {
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
}
