import type { AwsError } from '../aws-error';
import type { AwsService } from '../service';
import type { RestRoute } from '../../protocols/rest-routes';
import { MODELS } from '../../models';
import { validationMessage } from './constraints';
import type { ServiceModel } from './model';
import { serializationError, VALIDATION_ANSWERS, validationError } from './service-errors';
import { compileInputValidator, type InputValidator, ValueTypeError } from './validator';

export type { ServiceModel } from './model';
export { compileInputValidator } from './validator';

/** Compiled validators per service and operation (built on an operation's first call). */
const compiled = new Map<string, InputValidator | null>();

function validatorOf(service: AwsService, operation: string, model: ServiceModel, inProcess: boolean): InputValidator | null {
  const id = `${service.signingName}.${operation}${inProcess ? ' in-process' : ''}`;
  let validator = compiled.get(id);
  if (validator !== undefined) return validator;
  const inputShape = Object.hasOwn(model.operations, operation) ? model.operations[operation].input : undefined;
  const answer = VALIDATION_ANSWERS[service.signingName];
  validator = inputShape === undefined || !answer
    ? null
    : compileInputValidator(model, inputShape, {
      // in-process callers (CloudFormation's providers) pass scalars as a template has them, maybe as text
      typing: service.protocol === 'awsJson1_1' && !inProcess ? 'json' : 'text',
      bodyPrefix: answer.bodyPrefixFromOperation ? `${operation.charAt(0).toLowerCase()}${operation.slice(1)}Input` : undefined,
    });
  compiled.set(id, validator);
  return validator;
}

/**
 * The request pipeline's validation step: checks a decoded input against its operation's model (botocore's, generated
 * into `src/models/`) and returns the error AWS would answer, or undefined when the input satisfies the model.
 * Operations missing from the model, and services without a validation answer (S3), are not checked here.
 * In-process calls (`inProcess`: CloudFormation's providers) are checked too, reading scalars by the model's type.
 */
export function validateInput(
  service: AwsService,
  operation: string,
  input: Record<string, unknown>,
  options: { route?: RestRoute; inProcess?: boolean } = {},
): AwsError | undefined {
  const model = Object.hasOwn(MODELS, service.signingName) ? MODELS[service.signingName] : undefined;
  if (!model) return undefined;
  const validator = validatorOf(service, operation, model, options.inProcess === true);
  if (!validator) return undefined;
  let violations;
  try {
    // an in-process call has no route of its own: the service's route for the operation says where its body is
    const route = options.route ?? service.routes?.find((r) => r.operation === operation);
    violations = validator(input, bodyApart(model, operation, input, route));
  } catch (e) {
    if (e instanceof ValueTypeError) return serializationError(e.path, e.expected);
    throw e;
  }
  return violations.length === 0 ? undefined : validationError(VALIDATION_ANSWERS[service.signingName], validationMessage(violations));
}

/**
 * The body of a REST route that decodes it into a member of its own (a `payload: 'structure'` binding the model does
 * not have, as API Gateway's PutIntegration does so that the body's `httpMethod` cannot shadow the URI label).
 */
function bodyApart(model: ServiceModel, operation: string, input: Record<string, unknown>, route: RestRoute | undefined): Record<string, unknown> | undefined {
  if (!route?.input) return undefined;
  const shape = model.shapes[model.operations[operation]?.input ?? ''];
  for (const [member, binding] of Object.entries(route.input)) {
    if ('payload' in binding && binding.payload === 'structure' && !Object.hasOwn(shape?.members ?? {}, member)) {
      const body = input[member];
      return body && typeof body === 'object' && !Array.isArray(body) ? body as Record<string, unknown> : {};
    }
  }
  return undefined;
}
