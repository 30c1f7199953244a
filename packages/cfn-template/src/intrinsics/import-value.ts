import { TemplateError } from '../errors';
import { Unknown } from '../unknown';
import type { IntrinsicFunction } from './function';

/** `Fn::ImportValue name`: an export of another stack, as the scope knows it. */
export const IMPORT_VALUE: IntrinsicFunction = {
  name: 'Fn::ImportValue',
  resolve(argument, { scope, resolve }) {
    const name = resolve(argument);
    if (name instanceof Unknown) return Unknown.derived('Fn::ImportValue', name);
    if (typeof name !== 'string') throw new TemplateError('Template error: every Fn::ImportValue object must have a String value');
    if (!scope.importValue) throw new TemplateError(`No export named ${name} found.`);
    return scope.importValue(name);
  },
};
