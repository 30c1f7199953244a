import type { AwsService, ServiceDeps } from '../../core/service';
import { s3Operations } from './operations';
import { S3_ROUTES, S3_XML_HINTS } from './routes';
import { S3Backend } from './s3-backend';
import { S3_AUTHORIZATION } from './authorization';

export interface S3Service extends AwsService {
  /** S3's domain: what Lambda, CloudFormation and tests call in-process. */
  readonly backend: S3Backend;
}

/**
 * S3 (restXml, path-style): buckets and objects with their bytes in SQLite, flexible checksums verified,
 * ListObjects v1/v2 with delimiters and url encoding, batch delete, copy, default bucket encryption.
 * Buckets are global: one namespace, each remembering its region.
 */
export function createS3Service(deps: ServiceDeps): S3Service {
  const backend = new S3Backend(deps.store);
  return {
    signingName: 's3',
    authorization: S3_AUTHORIZATION,
    protocol: 'restXml',
    xmlNamespace: 'http://s3.amazonaws.com/doc/2006-03-01/',
    operations: s3Operations(backend),
    routes: S3_ROUTES,
    xmlHints: S3_XML_HINTS,
    backend,
    onRegion(region, accountId) {
      backend.addRegion({ accountId, region });
    },
  };
}
