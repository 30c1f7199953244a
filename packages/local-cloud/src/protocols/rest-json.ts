import { AwsError } from '../core/aws-error';
import type { ProtocolCodec } from './codec';
import { parseJsonObject, toJsonValue } from './json';
import { bindInput, bindOutputHeaders, boundOutputMembers, findRoute } from './rest-routes';

/**
 * restJson1 (Lambda, API Gateway): the route table maps method + path to an operation; members travel in
 * labels, query, headers and a JSON body (or a raw payload). Errors carry `X-Amzn-ErrorType` + `{message}`, or the
 * error's own fields when they hold the message under the member its shape names (Lambda's `Message`).
 */
export const restJson: ProtocolCodec = {
  decode(req, service) {
    const match = findRoute(service.routes ?? [], req);
    if (!match) throw new AwsError('UnknownOperationException', `No operation matches ${req.method} ${req.rawPath}`, { status: 404 });
    const serialization = () => new AwsError('SerializationException', 'The request body is not a JSON object');
    const input = bindInput(
      match,
      req,
      (body) => {
        const parsed = parseJsonObject(body);
        if (!parsed) throw serialization();
        return parsed;
      },
      (message) => new AwsError('ValidationException', message),
    );
    const hasPayload = Object.values(match.route.input ?? {}).some((b) => 'payload' in b);
    if (!hasPayload) {
      const body = parseJsonObject(req.body);
      if (!body) throw serialization();
      for (const [k, v] of Object.entries(body)) if (!(k in input)) input[k] = v;
    }
    return { operation: match.route.operation, input, route: match.route };
  },

  encode(_req, _service, call, output) {
    const result = (output && typeof output === 'object' ? output : {}) as Record<string, unknown>;
    const bindings = call.route?.output;
    const { status, headers } = bindOutputHeaders(bindings, result);
    let body: Buffer | string | undefined;
    if (bindings?.payload) {
      const payload = result[bindings.payload];
      if (Buffer.isBuffer(payload) || typeof payload === 'string') body = payload;
      else if (payload instanceof Uint8Array) body = Buffer.from(payload);
      else if (payload !== undefined && payload !== null) {
        body = JSON.stringify(toJsonValue(payload));
        headers['content-type'] ??= 'application/json';
      }
    } else if (status !== 204) {
      const bound = boundOutputMembers(bindings);
      const members = Object.fromEntries(Object.entries(result).filter(([k]) => !bound.has(k)));
      body = JSON.stringify(toJsonValue(members));
      headers['content-type'] = 'application/json';
    }
    return { status, headers, body };
  },

  encodeError(_req, _service, error) {
    const fields = error.fields;
    const body = JSON.stringify('message' in fields || 'Message' in fields ? fields : { message: error.message, ...fields });
    return { status: error.status, headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.code, ...error.headers }, body };
  },

  unknownOperation(_service, operation) {
    return new AwsError('UnknownOperationException', `local-cloud does not implement ${operation}`, { status: 404 });
  },
};
