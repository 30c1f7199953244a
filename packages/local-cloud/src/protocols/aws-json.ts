import { AwsError } from '../core/aws-error';
import type { ProtocolCodec } from './codec';
import { parseJsonObject, toJsonValue } from './json';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

/**
 * awsJson1_1 (KMS, CloudWatch Logs, SSM): `X-Amz-Target: <prefix>.<Op>` + a JSON body in, JSON out;
 * errors as `{"__type": code, "message": …}` with the same code in `X-Amzn-ErrorType`.
 */
export const awsJson: ProtocolCodec = {
  decode(req, service) {
    const target = req.headers['x-amz-target'] ?? '';
    const dot = target.lastIndexOf('.');
    const prefix = dot < 0 ? '' : target.slice(0, dot);
    const operation = dot < 0 ? target : target.slice(dot + 1);
    if (req.method !== 'POST' || !operation || prefix !== service.targetPrefix) {
      throw new AwsError('UnknownOperationException', target ? `Unknown operation ${target}` : 'Missing X-Amz-Target header');
    }
    const input = parseJsonObject(req.body);
    if (!input) throw new AwsError('SerializationException', 'The request body is not a JSON object');
    return { operation, input };
  },

  encode(_req, _service, _call, output) {
    const body = output === undefined || output === null ? '' : JSON.stringify(toJsonValue(output));
    return { status: 200, headers: { 'content-type': CONTENT_TYPE }, body };
  },

  encodeError(_req, _service, error) {
    // an error AWS sends without a message (KMS InvalidCiphertextException) has no `message` member
    const body = JSON.stringify({ __type: error.code, ...(error.message ? { message: error.message } : {}), ...error.fields });
    return { status: error.status, headers: { 'content-type': CONTENT_TYPE, 'x-amzn-errortype': error.code, ...error.headers }, body };
  },

  unknownOperation(service, operation) {
    return new AwsError('UnknownOperationException', `Unknown operation ${service.targetPrefix}.${operation}`);
  },
};
