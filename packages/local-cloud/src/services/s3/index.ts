export { createS3Service } from './s3-service';
export type { S3Service } from './s3-service';
export { S3Backend, cdkAssetsBucket } from './s3-backend';
