import type { AwsService, ServiceDeps, ServiceDirectory } from '../../core/service';
import { IAM_AUTHORIZATION } from './authorization';
import { Authorizer } from './authorizer/authorizer';
import { IamBackend } from './iam-backend';
import type { IamAccessKey } from './iam-store';
import { iamOperations } from './operations';

/** IAM: the wire operations, the backend other services call, and the server's one authorizer. */
export interface IamService extends AwsService {
  /** IAM's domain: what STS, Lambda, API Gateway, KMS, the authorizer and tests call in-process. */
  readonly backend: IamBackend;
  /** The one authorizer of this server (the request pipeline and CloudFormation's calls ask it). */
  readonly authorizer: Authorizer;
  /** An IAM user's access key, for the server's authenticator (the backend's `findAccessKey`). */
  findAccessKey(accessKeyId: string): IamAccessKey | undefined;
}

/**
 * IAM (awsQuery, 2010-05-08): roles, their inline and attached AWS managed policies and permissions boundaries;
 * users with access keys and policies; the policy simulator.
 */
export function createIamService(deps: ServiceDeps): IamService {
  const backend = new IamBackend(deps.store);
  return {
    signingName: 'iam',
    authorization: IAM_AUTHORIZATION,
    protocol: 'awsQuery',
    apiVersion: '2010-05-08',
    xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
    operations: iamOperations(backend),
    backend,
    authorizer: new Authorizer({ services: deps.services }),
    findAccessKey: (accessKeyId) => backend.findAccessKey(accessKeyId),
  };
}

/**
 * IAM's backend, for a service that must ask it (may Lambda or API Gateway assume this role?). Every server runs
 * IAM, so a directory without it is a wiring mistake: it throws rather than answer "yes" without asking.
 */
export function iamBackendOf(services: ServiceDirectory | undefined): IamBackend {
  const iam = services?.get<IamService>('iam');
  if (!iam) throw new Error('IAM is not among the services of this server: a role cannot be checked without it');
  return iam.backend;
}
