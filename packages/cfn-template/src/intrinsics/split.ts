import { TemplateError } from '../errors';
import { Unknown } from '../unknown';
import type { IntrinsicFunction } from './function';

const SPLIT_ERROR =
  'Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.';

/** `Fn::Split [delimiter, text]`: empty strings between delimiters are kept. */
export const SPLIT: IntrinsicFunction = {
  name: 'Fn::Split',
  resolve(argument, { resolve }) {
    if (!Array.isArray(argument) || argument.length !== 2 || typeof argument[0] !== 'string' || argument[0] === '') {
      throw new TemplateError(SPLIT_ERROR);
    }
    const text = resolve(argument[1]);
    if (text instanceof Unknown) return Unknown.derived('Fn::Split', text);
    if (typeof text !== 'string') throw new TemplateError(SPLIT_ERROR);
    return text.split(argument[0]);
  },
};
