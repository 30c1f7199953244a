import { AwsError } from '../core/aws-error';
import type { HttpResponse } from '../core/http';
import type { AwsService } from '../core/service';
import type { ProtocolCodec } from './codec';
import { bindInput, bindOutputHeaders, boundOutputMembers, findRoute } from './rest-routes';
import { parseXml, xmlEscape, xmlMember, xmlMembers, xmlScalar, XML_DECLARATION } from './xml';

/**
 * restXml (S3): the route table maps method + path (+ literal query) to an operation; members travel in
 * labels, query, headers and an XML or raw payload. Errors are `<Error>` with no namespace; HEAD has no body.
 */
export const restXml: ProtocolCodec = {
  decode(req, service) {
    const match = findRoute(service.routes ?? [], req);
    if (!match) throw new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', { status: 405 });
    const input = bindInput(
      match,
      req,
      (body) => {
        const doc = parseXml(body);
        return Object.values(doc)[0];
      },
      (message) => new AwsError('InvalidArgument', message),
    );
    return { operation: match.route.operation, input, route: match.route };
  },

  encode(req, service, call, output, requestId) {
    const result = (output && typeof output === 'object' ? output : {}) as Record<string, unknown>;
    const bindings = call.route?.output;
    const { status, headers } = bindOutputHeaders(bindings, result);
    Object.assign(headers, s3RequestIds(requestId));
    const ns = service.xmlNamespace ? ` xmlns="${service.xmlNamespace}"` : '';
    const hints = service.xmlHints ?? {};
    let body: Buffer | string | undefined;
    if (bindings?.payload) {
      const payload = result[bindings.payload];
      if (Buffer.isBuffer(payload) || typeof payload === 'string') body = payload;
      else if (payload instanceof Uint8Array) body = Buffer.from(payload);
      else if (payload && typeof payload === 'object') {
        const root = hints[bindings.payload]?.name ?? bindings.payload;
        body = `${XML_DECLARATION}<${root}${ns}>${xmlMembers(payload as Record<string, unknown>, hints)}</${root}>`;
        headers['content-type'] ??= 'application/xml';
      }
    } else if (bindings?.xmlRoot) {
      const root = bindings.xmlRoot;
      if (bindings.xmlText) {
        const text = result[bindings.xmlText];
        body = `${XML_DECLARATION}<${root}${ns}>${text === undefined || text === null ? '' : xmlScalar(text)}</${root}>`;
      } else {
        const bound = boundOutputMembers(bindings);
        const members = Object.entries(result).filter(([k]) => !bound.has(k)).map(([k, v]) => xmlMember(k, v, hints)).join('');
        body = `${XML_DECLARATION}<${root}${ns}>${members}</${root}>`;
      }
      headers['content-type'] = 'application/xml';
    }
    if (req.method === 'HEAD') body = undefined;
    return { status, headers, body };
  },

  encodeError(req, _service, error, requestId) {
    const response: HttpResponse = {
      status: error.status,
      headers: { ...s3RequestIds(requestId), ...error.headers },
    };
    if (req.method !== 'HEAD') {
      const fields = Object.entries(error.fields).map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`).join('');
      response.headers['content-type'] = 'application/xml';
      response.body = `${XML_DECLARATION}<Error><Code>${xmlEscape(error.code)}</Code><Message>${xmlEscape(error.message)}</Message>`
        + `${fields}<RequestId>${requestId}</RequestId><HostId>${hostId(requestId)}</HostId></Error>`;
    }
    return response;
  },

  unknownOperation(_service: AwsService, operation: string) {
    return new AwsError('NotImplemented', `local-cloud does not implement ${operation}`, { status: 501 });
  },
};

/** S3 names each request twice: `x-amz-request-id` and the extended `x-amz-id-2`. */
function s3RequestIds(requestId: string): Record<string, string> {
  return { 'x-amz-request-id': requestId, 'x-amz-id-2': hostId(requestId) };
}

function hostId(requestId: string): string {
  return Buffer.from(requestId).toString('base64');
}

