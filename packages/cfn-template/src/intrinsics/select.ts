import { TemplateError } from '../errors';
import { Unknown } from '../unknown';
import type { IntrinsicFunction } from './function';

const SELECT_ERROR = 'Template error: Fn::Select requires a list argument with two elements: an integer index and a list';

/** `Fn::Select [index, list]`: the index may be a number or a numeric string. */
export const SELECT: IntrinsicFunction = {
  name: 'Fn::Select',
  resolve(argument, { resolve }) {
    if (!Array.isArray(argument) || argument.length !== 2) throw new TemplateError(SELECT_ERROR);
    const index = resolve(argument[0]);
    const list = resolve(argument[1]);
    if (index instanceof Unknown || list instanceof Unknown) return Unknown.derived('Fn::Select', [index, list]);
    const i = typeof index === 'number' ? index : typeof index === 'string' && /^\d+$/.test(index) ? Number(index) : NaN;
    // AWS answers an index out of range with the same message as a malformed call
    if (!Array.isArray(list) || !Number.isInteger(i) || i < 0 || i >= list.length) throw new TemplateError(SELECT_ERROR);
    return list[i];
  },
};
