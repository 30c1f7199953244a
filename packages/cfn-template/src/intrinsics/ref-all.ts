import { TemplateError } from '../errors';
import type { IntrinsicFunction } from './function';

/** `Fn::RefAll parameterType` (rules only): the values of every parameter of that type. */
export const REF_ALL: IntrinsicFunction = {
  name: 'Fn::RefAll',
  resolve(argument, { scope }) {
    if (typeof argument !== 'string' || !scope.refAll) throw new TemplateError('Template error: Fn::RefAll requires a parameter type');
    return scope.refAll(argument);
  },
};
