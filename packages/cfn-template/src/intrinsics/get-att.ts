import { TemplateError } from '../errors';
import { Unknown } from '../unknown';
import type { IntrinsicFunction } from './function';

const GET_ATT_ERROR = 'Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute';

/** `[Res, Attr]` or `"Res.Attr"` (the first dot splits); the attribute name may itself be an intrinsic. */
export function getAttTarget(argument: unknown): { logicalId: string; attribute: unknown } {
  if (typeof argument === 'string') {
    const dot = argument.indexOf('.');
    if (dot > 0) return { logicalId: argument.slice(0, dot), attribute: argument.slice(dot + 1) };
  } else if (Array.isArray(argument) && argument.length === 2 && typeof argument[0] === 'string') {
    return { logicalId: argument[0], attribute: argument[1] };
  }
  throw new TemplateError(GET_ATT_ERROR);
}

/** `Fn::GetAtt`: an attribute of a resource of the template. */
export const GET_ATT: IntrinsicFunction = {
  name: 'Fn::GetAtt',
  resolve(argument, { scope, resolve }) {
    const { logicalId, attribute } = getAttTarget(argument);
    const name = resolve(attribute);
    if (name instanceof Unknown) return name;
    if (typeof name !== 'string' || name === '') throw new TemplateError(GET_ATT_ERROR);
    return scope.getAtt(logicalId, name);
  },
};
