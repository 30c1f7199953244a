import { TemplateError } from '../errors';
import { Unknown } from '../unknown';
import type { IntrinsicFunction } from './function';

/** `Fn::If [condition, whenTrue, whenFalse]`: unknown when the condition is. */
export const IF: IntrinsicFunction = {
  name: 'Fn::If',
  resolve(argument, { scope, resolve }) {
    if (!Array.isArray(argument) || argument.length !== 3 || typeof argument[0] !== 'string') {
      throw new TemplateError('Template error: every Fn::If object requires three parameters, the condition, the value if true and the value if false');
    }
    const condition = scope.condition(argument[0]);
    if (condition instanceof Unknown) return Unknown.derived('Fn::If', condition);
    return resolve(condition ? argument[1] : argument[2]);
  },
};
