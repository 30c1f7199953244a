import { TemplateError } from '../errors';
import { Unknown } from '../unknown';
import { IntrinsicFunction, isPlainObject } from './function';

/** `Fn::FindInMap [map, topKey, secondKey]` over the template's `Mappings`. */
export const FIND_IN_MAP: IntrinsicFunction = {
  name: 'Fn::FindInMap',
  resolve(argument, { scope, resolve }) {
    if (!Array.isArray(argument) || argument.length !== 3) {
      throw new TemplateError('Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value');
    }
    const keys = argument.map((a) => resolve(a));
    if (keys.some((k) => k instanceof Unknown)) return Unknown.derived('Fn::FindInMap', keys);
    const [map, top, second] = keys.map(String);
    const notFound = () => new TemplateError(`Template error: Unable to get mapping for ${map}::${top}::${second}`);
    const entries = scope.mappings?.[map];
    if (!entries) throw notFound();
    const level = entries[top];
    if (!isPlainObject(level) || !(second in level)) throw notFound();
    return level[second];
  },
};
