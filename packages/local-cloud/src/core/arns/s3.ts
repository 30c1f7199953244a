import { buildArn } from '../arn';

/** `arn:aws:s3:::<bucket>`: S3 ARNs have neither region nor account. */
export const s3BucketArn = (bucket: string): string => buildArn('s3', '', '', bucket);

/** `arn:aws:s3:::<bucket>/<key>` */
export const s3ObjectArn = (bucket: string, key: string): string => buildArn('s3', '', '', `${bucket}/${key}`);
