import { APIGATEWAY_AUTHORIZATION } from '../../apigateway/authorization';
import { CLOUDFORMATION_AUTHORIZATION } from '../../cloudformation/authorization';
import { KMS_AUTHORIZATION } from '../../kms/authorization';
import { LAMBDA_AUTHORIZATION } from '../../lambda/authorization';
import { LOGS_AUTHORIZATION } from '../../logs/authorization';
import { S3_AUTHORIZATION } from '../../s3/authorization';
import { SSM_AUTHORIZATION } from '../../ssm/authorization';
import { STS_AUTHORIZATION } from '../../sts/authorization';
import { IAM_AUTHORIZATION } from '../authorization';
import type { AuthorizationTable } from './types';

/** Every service's IAM facts, by signing name (one table per service, in `services/<service>/authorization.ts`). */
const TABLES: Readonly<Record<string, AuthorizationTable>> = {
  apigateway: APIGATEWAY_AUTHORIZATION,
  cloudformation: CLOUDFORMATION_AUTHORIZATION,
  iam: IAM_AUTHORIZATION,
  kms: KMS_AUTHORIZATION,
  lambda: LAMBDA_AUTHORIZATION,
  logs: LOGS_AUTHORIZATION,
  s3: S3_AUTHORIZATION,
  ssm: SSM_AUTHORIZATION,
  sts: STS_AUTHORIZATION,
};

/** The IAM facts of a service, or undefined for a service without any (its every call is refused). */
export function authorizationTableOf(signingName: string): AuthorizationTable | undefined {
  return Object.hasOwn(TABLES, signingName) ? TABLES[signingName] : undefined;
}
