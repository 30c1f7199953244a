import { AwsError } from '../../core/aws-error';

/** S3's errors (restXml `<Error>`), in S3's words. */
export const invalidArgument = (message: string): AwsError => new AwsError('InvalidArgument', message);
export const noSuchBucket = (bucket: string): AwsError =>
  new AwsError('NoSuchBucket', 'The specified bucket does not exist', { status: 404, fields: { BucketName: bucket } });
export const noSuchKey = (key: string): AwsError => new AwsError('NoSuchKey', 'The specified key does not exist.', { status: 404, fields: { Key: key } });
export const malformedXml = (): AwsError =>
  new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
export const keyTooLong = (key: string): AwsError => new AwsError('KeyTooLongError', 'Your key is too long', { fields: { Key: key.slice(0, 100) } });
