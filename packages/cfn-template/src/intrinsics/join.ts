import { TemplateError } from '../errors';
import { containsUnknown, Unknown } from '../unknown';
import { IntrinsicFunction, scalarText } from './function';

const JOIN_ERROR =
  'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.';

/** `Fn::Join [delimiter, list]`: unknown when any member is. */
export const JOIN: IntrinsicFunction = {
  name: 'Fn::Join',
  resolve(argument, { resolve }) {
    if (!Array.isArray(argument) || argument.length !== 2 || typeof argument[0] !== 'string') throw new TemplateError(JOIN_ERROR);
    const list = resolve(argument[1]);
    if (list instanceof Unknown) return list;
    if (!Array.isArray(list)) throw new TemplateError(JOIN_ERROR);
    if (list.some(containsUnknown)) return Unknown.derived('Fn::Join', list);
    return list
      .map((member) => {
        const text = scalarText(member);
        if (text === undefined) throw new TemplateError('Template error: every Fn::Join object requires a list of strings');
        return text;
      })
      .join(argument[0]);
  },
};
