import { describe, expect, it } from '@jest/globals';
import { isListParameterType, isSsmParameterType, parameterValue } from '../src';

describe('parameters', () => {
  it.each([
    ['String', 'a, b', 'a, b'],
    ['Number', '3', '3'],
    ['CommaDelimitedList', 'a, b,c', ['a', 'b', 'c']],
    ['CommaDelimitedList', '', []],
    ['List<Number>', '1,2', ['1', '2']],
    ['AWS::SSM::Parameter::Value<List<String>>', 'x,y', ['x', 'y']],
    ['AWS::SSM::Parameter::Value<String>', 'x,y', 'x,y'],
  ])('a Ref to a %s parameter of value %j yields %j', (type, text, expected) => {
    expect(parameterValue(type, text)).toEqual(expected);
  });

  it('knows SSM-typed and list types', () => {
    expect(isSsmParameterType('AWS::SSM::Parameter::Value<String>')).toBe(true);
    expect(isSsmParameterType('AWS::SSM::Parameter::Name')).toBe(false);
    expect(isListParameterType('List<AWS::EC2::Subnet::Id>')).toBe(true);
    expect(isListParameterType('String')).toBe(false);
  });
});
