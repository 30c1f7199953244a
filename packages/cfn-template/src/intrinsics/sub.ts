import { TemplateError } from '../errors';
import { containsUnknown, NO_VALUE, Unknown } from '../unknown';
import { IntrinsicFunction, isPlainObject, scalarText } from './function';

const SUB_ERROR =
  "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string";

/** The `${…}` references of a `Fn::Sub` string (without `${!Literal}` escapes). */
export function subReferences(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
    if (!m[1].startsWith('!')) names.push(m[1].trim());
  }
  return names;
}

/** `Fn::Sub`: `${Param}`, `${Res}`, `${Res.Attr}`, `${AWS::Region}`, the variables given, `${!Literal}`. */
export const SUB: IntrinsicFunction = {
  name: 'Fn::Sub',
  resolve(argument, { scope, resolve }) {
    let text: string;
    const variables: Record<string, unknown> = {};
    if (typeof argument === 'string') {
      text = argument;
    } else if (Array.isArray(argument) && argument.length === 2 && typeof argument[0] === 'string' && isPlainObject(argument[1])) {
      text = argument[0];
      for (const [name, value] of Object.entries(argument[1])) variables[name] = resolve(value);
    } else {
      throw new TemplateError(SUB_ERROR);
    }
    const unknowns: unknown[] = [];
    const out = text.replace(/\$\{([^}]*)\}/g, (whole: string, inner: string) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const name = inner.trim();
      let value: unknown;
      if (Object.prototype.hasOwnProperty.call(variables, name)) {
        value = variables[name];
      } else if (name.includes('.') && !name.startsWith('AWS::')) {
        const dot = name.indexOf('.');
        value = scope.getAtt(name.slice(0, dot), name.slice(dot + 1));
      } else if (name === 'AWS::NoValue') {
        value = NO_VALUE;
      } else {
        value = scope.ref(name);
      }
      if (value === NO_VALUE) return '';
      if (containsUnknown(value)) {
        unknowns.push(value);
        return whole;
      }
      const substituted = scalarText(value);
      if (substituted === undefined) {
        throw new TemplateError(`Template error: variable ${name} in Fn::Sub expression ${text} must resolve to a string`);
      }
      return substituted;
    });
    return unknowns.length > 0 ? Unknown.derived('Fn::Sub', unknowns) : out;
  },
};
