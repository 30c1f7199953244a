import { TemplateError } from '../errors';
import { NO_VALUE } from '../unknown';
import type { IntrinsicFunction } from './function';

/** `Ref`: a parameter's value, a resource's id, a pseudo parameter; `AWS::NoValue` removes what holds it. */
export const REF: IntrinsicFunction = {
  name: 'Ref',
  resolve(argument, { scope }) {
    if (typeof argument !== 'string') throw new TemplateError('Template format error: Every Ref object must have a single String value.');
    if (argument === 'AWS::NoValue') return NO_VALUE;
    return scope.ref(argument);
  },
};
