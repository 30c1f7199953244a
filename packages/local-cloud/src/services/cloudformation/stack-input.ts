import { InputReader } from '../../core/input';
import { validationError } from './engine/errors';
import type { Tag } from './engine/model';
import type { ParameterInput } from './engine/parameters';

/*
 * Reading CloudFormation's list members by type (a string where a list belongs becomes a ValidationError): awsQuery
 * and in-process calls send text, and the pipeline's model check leaves a value of the wrong type to the operation.
 */

/** A reader of one request's members, answering CloudFormation's `ValidationError`. */
export const readerOf = (input: object): InputReader => new InputReader(input as Record<string, unknown>, validationError);

export function listOfStrings(r: InputReader, name: string): string[] {
  return r.list(name).map((v) => {
    if (typeof v !== 'string') throw validationError(`Invalid type for parameter ${name}: expected a list of strings`);
    return v;
  });
}

export function readTags(r: InputReader): Tag[] | undefined {
  if (!r.has('Tags')) return undefined;
  return r.list('Tags').map((t) => {
    const tag = t as { Key?: unknown; Value?: unknown };
    if (typeof tag?.Key !== 'string') throw validationError('Invalid type for parameter Tags: expected a list of {Key, Value}');
    return { Key: tag.Key, Value: typeof tag.Value === 'string' ? tag.Value : '' };
  });
}

export function readParameters(r: InputReader): ParameterInput[] {
  return r.list('Parameters').map((p) => {
    const param = p as { ParameterKey?: unknown; ParameterValue?: unknown; UsePreviousValue?: unknown };
    if (typeof param?.ParameterKey !== 'string') throw validationError('Invalid type for parameter Parameters: expected ParameterKey');
    return {
      ParameterKey: param.ParameterKey,
      ParameterValue: typeof param.ParameterValue === 'string' ? param.ParameterValue : undefined,
      UsePreviousValue: param.UsePreviousValue === true || param.UsePreviousValue === 'true',
    };
  });
}
