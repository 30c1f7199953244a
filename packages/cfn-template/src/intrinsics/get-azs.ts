import { TemplateError } from '../errors';
import { Unknown } from '../unknown';
import type { IntrinsicFunction } from './function';

/** `Fn::GetAZs region`: three zones `<region>a|b|c` of the stack's own region (`""` = it); none elsewhere. */
export const GET_AZS: IntrinsicFunction = {
  name: 'Fn::GetAZs',
  resolve(argument, { scope, resolve }) {
    const region = resolve(argument);
    if (region instanceof Unknown) return region;
    if (typeof region !== 'string') throw new TemplateError('Template error: Fn::GetAZs requires a region name');
    if (region !== '' && region !== scope.region) return [];
    return ['a', 'b', 'c'].map((zone) => `${scope.region}${zone}`);
  },
};
