/**
 * Parameter types, and the value a `Ref` to a parameter yields.
 */

const SSM_VALUE = /^AWS::SSM::Parameter::Value<(.+)>$/;

/** Whether CloudFormation reads the parameter's value from SSM Parameter Store at deploy (`AWS::SSM::Parameter::Value<…>`). */
export function isSsmParameterType(type: string): boolean {
  return SSM_VALUE.test(type);
}

/** Whether a `Ref` to a parameter of this type yields a list (`CommaDelimitedList`, `List<…>`, also behind SSM). */
export function isListParameterType(type: string): boolean {
  const inner = SSM_VALUE.exec(type)?.[1] ?? type;
  return inner.startsWith('List<') || inner === 'CommaDelimitedList';
}

/**
 * What a `Ref` to a parameter of `type` whose value is `text` yields: the text, or for a list type its
 * comma-separated members, trimmed.
 *
 * @example
 * parameterValue('CommaDelimitedList', 'a, b') // ['a', 'b']
 */
export function parameterValue(type: string, text: string): string | string[] {
  if (isListParameterType(type)) return text === '' ? [] : text.split(',').map((member) => member.trim());
  return text;
}
