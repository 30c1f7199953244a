import { TemplateError } from '../errors';
import { Unknown } from '../unknown';
import type { IntrinsicFunction } from './function';

/** `Fn::Base64 text`: the text's UTF-8 bytes in base64. */
export const BASE64: IntrinsicFunction = {
  name: 'Fn::Base64',
  resolve(argument, { resolve }) {
    const text = resolve(argument);
    if (text instanceof Unknown) return Unknown.derived('Fn::Base64', text);
    if (typeof text !== 'string') throw new TemplateError('Template error: every Fn::Base64 object must have a String value');
    return Buffer.from(text, 'utf8').toString('base64');
  },
};
