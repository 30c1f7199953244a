import type { AwsError } from '../core/aws-error';
import type { HttpRequest, HttpResponse } from '../core/http';
import type { AwsService } from '../core/service';
import type { RestRoute } from './rest-routes';

/** An operation call as a protocol decoded it. */
export interface DecodedCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
  /** restJson1/restXml: the route that matched (its output bindings shape the reply). */
  readonly route?: RestRoute;
}

/** One wire protocol, server side: decode a request, encode a reply or an error. */
export interface ProtocolCodec {
  /** Finds the operation and its input; throws an `AwsError` on a malformed request. */
  decode(req: HttpRequest, service: AwsService): DecodedCall;
  encode(req: HttpRequest, service: AwsService, call: DecodedCall, output: unknown, requestId: string): HttpResponse;
  /** `service` is undefined when no service could be found for the request. */
  encodeError(req: HttpRequest, service: AwsService | undefined, error: AwsError, requestId: string): HttpResponse;
  /** The error for an operation the model has but local-cloud does not implement. */
  unknownOperation(service: AwsService, operation: string): AwsError;
}
