import type { AwsService, ServiceDeps } from '../../core/service';
import { iamBackendOf } from '../iam/iam-service';
import { STS_AUTHORIZATION } from './authorization';
import { stsOperations } from './operations';
import type { StsSession } from './session-store';
import { StsBackend } from './sts-backend';

/** STS: the wire operations, and the backend Lambda and the authorizer call. */
export interface StsService extends AwsService {
  /** STS's domain: sessions, AssumeRole (also as a service principal). */
  readonly backend: StsBackend;
  /** A session by its access key id, for the server's authenticator (the backend's `findSession`). */
  findSession(accessKeyId: string): StsSession | undefined;
}

/**
 * STS (awsQuery, 2011-06-15): who am I, and AssumeRole issuing session credentials that the server then accepts.
 */
export function createStsService(deps: ServiceDeps): StsService {
  const backend = new StsBackend(deps.store, () => iamBackendOf(deps.services));
  return {
    signingName: 'sts',
    authorization: STS_AUTHORIZATION,
    protocol: 'awsQuery',
    apiVersion: '2011-06-15',
    xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
    operations: stsOperations(backend),
    backend,
    findSession: (accessKeyId) => backend.findSession(accessKeyId),
  };
}
