import { intrinsicName } from './evaluate';
import { isPlainObject } from './intrinsics/function';
import { getAttTarget, subReferences } from './intrinsics/index';
import { Unknown } from './unknown';

/** One reference an expression makes to another template entity. */
export interface Reference {
  readonly kind: 'Ref' | 'GetAtt';
  readonly name: string;
  readonly attribute?: string;
}

const CONDITION_ONLY = new Set(['Fn::And', 'Fn::Or', 'Fn::Not', 'Fn::Equals', 'Condition', 'Fn::Contains', 'Fn::EachMemberEquals', 'Fn::EachMemberIn']);

/**
 * The references an expression makes, following only the branch of each `Fn::If` its condition picks (a
 * reference in the branch not taken is no dependency); both branches when the condition is unknown.
 *
 * @example
 * collectReferences({ 'Fn::Sub': '${Key.Arn}/${Name}' }, () => true);
 * // [{ kind: 'GetAtt', name: 'Key', attribute: 'Arn' }, { kind: 'Ref', name: 'Name' }]
 */
export function collectReferences(value: unknown, condition: (name: string) => boolean | Unknown, into: Reference[] = []): Reference[] {
  if (Array.isArray(value)) {
    for (const v of value) collectReferences(v, condition, into);
    return into;
  }
  if (!isPlainObject(value)) return into;
  const fn = intrinsicName(value);
  if (!fn) {
    for (const v of Object.values(value)) collectReferences(v, condition, into);
    return into;
  }
  const argument = value[fn];
  switch (fn) {
    case 'Ref':
      if (typeof argument === 'string') into.push({ kind: 'Ref', name: argument });
      else collectReferences(argument, condition, into);
      return into;
    case 'Fn::GetAtt': {
      const { logicalId, attribute } = getAttTarget(argument);
      into.push({ kind: 'GetAtt', name: logicalId, attribute: typeof attribute === 'string' ? attribute : undefined });
      collectReferences(attribute, condition, into);
      return into;
    }
    case 'Fn::Sub': {
      const text = typeof argument === 'string' ? argument : Array.isArray(argument) && typeof argument[0] === 'string' ? argument[0] : '';
      const variables = Array.isArray(argument) && isPlainObject(argument[1]) ? argument[1] : {};
      for (const name of subReferences(text)) {
        if (Object.prototype.hasOwnProperty.call(variables, name)) continue;
        const dot = name.indexOf('.');
        if (dot > 0 && !name.startsWith('AWS::')) into.push({ kind: 'GetAtt', name: name.slice(0, dot), attribute: name.slice(dot + 1) });
        else into.push({ kind: 'Ref', name });
      }
      collectReferences(Object.values(variables), condition, into);
      return into;
    }
    case 'Fn::If':
      if (Array.isArray(argument) && argument.length === 3 && typeof argument[0] === 'string') {
        const picked = condition(argument[0]);
        if (picked instanceof Unknown) collectReferences(argument.slice(1), condition, into);
        else collectReferences(picked ? argument[1] : argument[2], condition, into);
        return into;
      }
      collectReferences(argument, condition, into);
      return into;
    default:
      if (CONDITION_ONLY.has(fn)) return into;
      collectReferences(argument, condition, into);
      return into;
  }
}
