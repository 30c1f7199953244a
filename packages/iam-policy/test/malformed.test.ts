import fc from 'fast-check';
import { evaluatePolicy, MalformedPolicyDocumentError, parsePolicy } from '../src';

const OK = { Effect: 'Allow', Action: 'kms:*', Resource: '*' };
const doc = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });

function caught(input: string | object): MalformedPolicyDocumentError {
  try {
    parsePolicy(input);
  } catch (e) {
    if (e instanceof MalformedPolicyDocumentError) return e;
    throw e;
  }
  throw new Error('parsePolicy accepted the document');
}

type Row = [string, string | object, string, { statementIndex?: number; sid?: string; field?: string }];

describe('parsePolicy rejects', () => {
  test.each<Row>([
    ['text that is not JSON', '{"Statement": [', 'Policy document is not valid JSON', {}],
    ['JSON that is not an object', '[1, 2]', 'Policy document must be a JSON object, got [1,2]', {}],
    ['null', 'null', 'Policy document must be a JSON object, got null', {}],
    ['an unknown top-level key', { ...doc(OK), Statements: [] }, 'Policy document has unknown key "Statements"', { field: 'Statements' }],
    ['a top-level key in the wrong case', { version: '2012-10-17', Statement: [OK] }, 'Policy document has unknown key "version" (did you mean "Version"?)', { field: 'version' }],
    ['a missing Statement', { Version: '2012-10-17' }, 'Policy document has no Statement', { field: 'Statement' }],
    ['an empty Statement', doc(), 'Statement must not be empty', { field: 'Statement' }],
    ['an unknown Version', { Version: '2012-10-18', Statement: [OK] }, 'Version must be "2012-10-17" or "2008-10-17", got "2012-10-18"', { field: 'Version' }],
    ['a Version that is not a string', { Version: 2012, Statement: [OK] }, 'Version must be "2012-10-17" or "2008-10-17", got 2012', { field: 'Version' }],
    ['an Id that is not a string', { Id: 7, Statement: [OK] }, 'Id must be a string, got 7', { field: 'Id' }],
    ['a statement that is not an object', doc(OK, 'Allow everything'), 'Statement[1]: a statement must be a JSON object, got "Allow everything"', { statementIndex: 1 }],
    ['a statement that is an array', doc([OK]), 'Statement[0]: a statement must be a JSON object', { statementIndex: 0 }],
    ['an Effect in the wrong case', doc(OK, { ...OK, Sid: 'AllowLogs', Effect: 'allow' }), 'Statement[1] (Sid "AllowLogs"): Effect must be "Allow" or "Deny", got "allow"', { statementIndex: 1, sid: 'AllowLogs', field: 'Effect' }],
    ['a missing Effect', doc({ Action: 'kms:*', Resource: '*' }), 'Statement[0]: Effect must be "Allow" or "Deny", got nothing', { statementIndex: 0, field: 'Effect' }],
    ['both Action and NotAction', doc({ ...OK, NotAction: 'kms:Decrypt' }), 'Statement[0]: statement has both Action and NotAction; use one', { field: 'NotAction' }],
    ['neither Action nor NotAction', doc({ Effect: 'Allow', Resource: '*' }), 'Statement[0]: statement has neither Action nor NotAction', { field: 'Action' }],
    ['both Resource and NotResource', doc({ ...OK, NotResource: 'arn:aws:s3:::b' }), 'statement has both Resource and NotResource; use one', { field: 'NotResource' }],
    ['both Principal and NotPrincipal', doc({ ...OK, Principal: '*', NotPrincipal: { AWS: '111122223333' } }), 'statement has both Principal and NotPrincipal; use one', { field: 'NotPrincipal' }],
    ['an unknown statement key', doc({ ...OK, Sid: 'S', Resources: '*' }), 'Statement[0] (Sid "S"): statement has unknown key "Resources"', { sid: 'S', field: 'Resources' }],
    ['a statement key in the wrong case', doc({ ...OK, condition: {} }), 'unknown key "condition" (did you mean "Condition"?)', { field: 'condition' }],
    ['a Sid that is not a string', doc({ ...OK, Sid: 1 }), 'Statement[0]: Sid must be a string, got 1', { field: 'Sid' }],
    ['a duplicate Sid', doc({ ...OK, Sid: 'Same' }, { ...OK, Sid: 'Other' }, { ...OK, Sid: 'Same' }), 'Statement[2] (Sid "Same"): Sid is a duplicate of Statement[0]\'s', { statementIndex: 2, sid: 'Same', field: 'Sid' }],
    ['an Action without a service prefix', doc({ ...OK, Action: 'Encrypt' }), 'Statement[0]: Action "Encrypt" is not "*" or "service:action"', { field: 'Action' }],
    ['an Action with two colons', doc({ ...OK, Action: 'kms:Encrypt:x' }), 'Action "kms:Encrypt:x" is not "*" or "service:action"', { field: 'Action' }],
    ['an Action with a space', doc({ ...OK, Action: 'kms: Encrypt' }), 'is not "*" or "service:action"', { field: 'Action' }],
    ['a NotAction without a service prefix', doc({ Effect: 'Deny', NotAction: ['kms:Decrypt', 'Decrypt'] }), 'NotAction "Decrypt" is not "*" or "service:action"', { field: 'NotAction' }],
    ['an empty Action list', doc({ ...OK, Action: [] }), 'Action must not be an empty list', { field: 'Action' }],
    ['an Action that is not a string', doc({ ...OK, Action: [42] }), 'Action must be a string or a list of strings, got 42', { field: 'Action' }],
    ['a Resource that is not an ARN', doc({ ...OK, Resource: 'my-key' }), 'Resource "my-key" must be "*" or an ARN', { field: 'Resource' }],
    ['an empty Resource string', doc({ ...OK, Resource: '' }), 'Resource must be a string or a list of strings, got ""', { field: 'Resource' }],
    ['a Principal string other than "*"', doc({ ...OK, Principal: '111122223333' }), 'Principal must be "*" or an object such as {"AWS": ...}, got "111122223333"', { field: 'Principal' }],
    ['an empty Principal object', doc({ ...OK, Principal: {} }), 'Principal must name at least one principal', { field: 'Principal' }],
    ['an unknown principal type', doc({ ...OK, Principal: { Aws: '111122223333' } }), 'Principal has unknown principal type "Aws"; allowed: AWS, Service, Federated, CanonicalUser', { field: 'Principal' }],
    ['an AWS principal that is not 12 digits', doc({ ...OK, Principal: { AWS: '12345' } }), 'Principal: AWS principal "12345" is not a 12-digit account id', { field: 'Principal' }],
    ['an AWS principal that is a name', doc({ ...OK, Principal: { AWS: 'alice' } }), 'AWS principal "alice" is not "*", a 12-digit account id or an ARN', { field: 'Principal' }],
    ['an AWS principal ARN with a wildcard', doc({ ...OK, Principal: { AWS: 'arn:aws:iam::111122223333:role/*' } }), 'has a wildcard; only "*" on its own is allowed', { field: 'Principal' }],
    ['a service principal with whitespace', doc({ ...OK, Principal: { Service: 'logs amazonaws com' } }), 'Service principal "logs amazonaws com" has whitespace', { field: 'Principal' }],
    ['a NotPrincipal AWS value that is not a string', doc({ ...OK, NotPrincipal: { AWS: [111122223333] } }), 'NotPrincipal.AWS must be a string or a list of strings, got 111122223333', { field: 'NotPrincipal.AWS' }],
    ['a Condition that is not an object', doc({ ...OK, Condition: 'StringEquals' }), 'Condition must be an object of operators, got "StringEquals"', { field: 'Condition' }],
    ['a Condition operator that is not an object', doc({ ...OK, Condition: { StringEquals: ['a'] } }), 'Condition StringEquals must be an object of condition keys, got ["a"]', { field: 'Condition' }],
    ['an unknown condition operator', doc({ ...OK, Condition: { StringEqual: { 'aws:username': 'a' } } }), 'Condition has unknown operator "StringEqual"', { field: 'Condition' }],
    ['an operator in the wrong case', doc({ ...OK, Condition: { stringEquals: { 'aws:username': 'a' } } }), 'Condition has unknown operator "stringEquals"', { field: 'Condition' }],
    ['NullIfExists', doc({ ...OK, Condition: { NullIfExists: { 'aws:username': 'true' } } }), 'unknown operator "NullIfExists"', { field: 'Condition' }],
    ['a set qualifier on Null', doc({ ...OK, Condition: { 'ForAllValues:Null': { 'aws:username': 'true' } } }), 'unknown operator "ForAllValues:Null"', { field: 'Condition' }],
    ['an unknown set qualifier', doc({ ...OK, Condition: { 'ForSomeValues:StringEquals': { k: 'v' } } }), 'unknown operator "ForSomeValues:StringEquals"', { field: 'Condition' }],
    ['an empty operator name', doc({ ...OK, Condition: { '': { k: 'v' } } }), 'unknown operator ""', { field: 'Condition' }],
    ['a bare IfExists', doc({ ...OK, Condition: { IfExists: { k: 'v' } } }), 'unknown operator "IfExists"', { field: 'Condition' }],
    ['BinaryNotEquals (not an IAM operator)', doc({ ...OK, Condition: { BinaryNotEquals: { k: 'QQ==' } } }), 'unknown operator "BinaryNotEquals"', { field: 'Condition' }],
    ['an empty list of condition values', doc({ ...OK, Condition: { StringEquals: { k: [] } } }), 'Condition StringEquals "k" has an empty list of values', { field: 'Condition' }],
    ['an object as a condition value', doc({ ...OK, Condition: { StringEquals: { k: { a: 1 } } } }), 'Condition StringEquals "k": values must be strings, numbers or booleans, got {"a":1}', { field: 'Condition' }],
    ['null as a condition value', doc({ ...OK, Condition: { StringEquals: { k: ['a', null] } } }), 'values must be strings, numbers or booleans, got null', { field: 'Condition' }],
    ['a numeric value that is not a number', doc({ ...OK, Condition: { NumericLessThan: { 's3:max-keys': 'ten' } } }), 'Condition NumericLessThan "s3:max-keys": "ten" is not a number', { field: 'Condition' }],
    ['a policy variable in a numeric value', doc({ ...OK, Condition: { NumericEquals: { k: '${aws:n}' } } }), '"${aws:n}" is not a number', { field: 'Condition' }],
    ['a date value that is not a date', doc({ ...OK, Condition: { DateLessThan: { 'aws:CurrentTime': 'next tuesday' } } }), '"next tuesday" is not an ISO 8601 date or epoch seconds', { field: 'Condition' }],
    ['a Bool value that is not true/false', doc({ ...OK, Condition: { Bool: { 'aws:SecureTransport': 'yes' } } }), '"yes" is not "true" or "false"', { field: 'Condition' }],
    ['a Null value that is not true/false', doc({ ...OK, Condition: { Null: { 'aws:TokenIssueTime': 1 } } }), '"1" is not "true" or "false"', { field: 'Condition' }],
    ['a BinaryEquals value that is not base64', doc({ ...OK, Condition: { BinaryEquals: { k: 'not base64!' } } }), '"not base64!" is not base64', { field: 'Condition' }],
    ['an IP value that is not a CIDR', doc({ ...OK, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } } }), '"10.0.0.0/33" is not an IPv4 or IPv6 address or CIDR range', { field: 'Condition' }],
    ['an IP value with two prefixes', doc({ ...OK, Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8/8' } } }), 'is not an IPv4 or IPv6 address or CIDR range', { field: 'Condition' }],
    ['an IPv6 prefix over 128', doc({ ...OK, Condition: { IpAddress: { 'aws:SourceIp': '2001:db8::/129' } } }), 'is not an IPv4 or IPv6 address or CIDR range', { field: 'Condition' }],
  ])('%s', (_name, input, message, location) => {
    const error = caught(input);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('MalformedPolicyDocumentError');
    expect(error.message).toContain(message);
    expect(error).toMatchObject(location);
  });

  test('a statement without a Sid has no sid in the error', () => {
    const error = caught(doc(OK, { ...OK, Effect: 'Maybe' }));
    expect(error.message).toBe('Statement[1]: Effect must be "Allow" or "Deny", got "Maybe"');
    expect(error.sid).toBeUndefined();
    expect(error.statementIndex).toBe(1);
  });

  test('evaluatePolicy rejects a malformed policy too', () => {
    expect(() => evaluatePolicy(doc({ ...OK, Effect: 'allow' }), { action: 'kms:Encrypt', resource: '*' })).toThrow(MalformedPolicyDocumentError);
  });
});

describe('parsePolicy accepts', () => {
  test.each<[string, object]>([
    ['a single statement object', { Version: '2012-10-17', Statement: OK }],
    ['no Version', { Statement: [OK] }],
    ['Version 2008-10-17 and an Id', { Version: '2008-10-17', Id: 'key-default-1', Statement: [OK] }],
    ['a statement with no Resource (key policies and identity statements)', doc({ Effect: 'Allow', Action: '*' })],
    ['NotPrincipal with Deny', doc({ ...OK, Effect: 'Deny', NotPrincipal: { AWS: ['arn:aws:iam::111122223333:root'] } })],
    ['every principal type', doc({ ...OK, Principal: { AWS: ['*', '111122223333', 'arn:aws:iam::111122223333:role/r', 'AROAEXAMPLEID12345678'], Service: 'logs.amazonaws.com', Federated: 'cognito-identity.amazonaws.com', CanonicalUser: 'abc123' } })],
    ['a CloudFront origin access identity principal', doc({ ...OK, Principal: { AWS: 'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHEXAMPLE' } })],
    ['wildcards in actions and service prefixes', doc({ ...OK, Action: ['*', 'kms:*', 's3:Get?bject', 'execute-api:Invoke', '*:*'] })],
    ['a variable in a Resource', doc({ ...OK, Resource: 'arn:aws:s3:::bucket/${aws:username}/*' })],
    ['every operator family with valid values', doc({ ...OK, Condition: {
      StringEquals: { a: 'x' }, StringNotEqualsIgnoreCase: { a: ['x', 'y'] }, StringLikeIfExists: { a: '*' },
      NumericGreaterThanEquals: { n: 5 }, NumericEquals: { n: ['1.5', '-2', '1e3'] },
      DateGreaterThan: { d: '2024-01-01T00:00:00Z' }, DateLessThan: { d: 1700000000 },
      Bool: { b: true }, BinaryEquals: { bin: 'QQ==' }, IpAddress: { ip: ['10.0.0.0/8', '2001:db8::/32', '::1'] },
      ArnLike: { arn: 'arn:aws:logs:*:*:*' }, 'ForAllValues:StringEquals': { t: ['a'] }, 'ForAnyValue:ArnNotLikeIfExists': { arn: 'arn:*:*:*:*:*' },
      Null: { k: 'true' },
    } })],
    ['an empty Sid repeated', doc({ ...OK, Sid: '' }, { ...OK, Sid: '' })],
  ])('%s', (_name, input) => {
    const parsed = parsePolicy(input);
    expect(Array.isArray(parsed.Statement)).toBe(true);
    expect(parsed.Statement.length).toBeGreaterThan(0);
  });

  test('keeps Version and Id and normalises Statement to an array', () => {
    expect(parsePolicy({ Version: '2008-10-17', Id: 'k', Statement: OK })).toEqual({ Version: '2008-10-17', Id: 'k', Statement: [OK] });
    expect(parsePolicy({ Statement: OK })).toEqual({ Statement: [OK] });
  });

  test('does not share statement objects with the input', () => {
    const input = doc({ ...OK });
    const parsed = parsePolicy(input);
    expect(parsed.Statement[0]).toEqual(input.Statement[0]);
    expect(parsed.Statement[0]).not.toBe(input.Statement[0]);
  });

  test('parsing a parsed document gives an equal document', () => {
    const once = parsePolicy(JSON.stringify(doc(OK, { ...OK, Sid: 'A', Effect: 'Deny' })));
    expect(parsePolicy(once)).toEqual(once);
  });
});

test('property: parsePolicy never throws anything but MalformedPolicyDocumentError', () => {
  const statementish = fc.dictionary(
    fc.constantFrom('Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition', 'Other'),
    fc.jsonValue({ maxDepth: 3 }),
    { maxKeys: 6 },
  );
  const documentish = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.record({ Version: fc.constantFrom('2012-10-17', '2008-10-17'), Statement: fc.array(statementish, { maxLength: 3 }) }),
  );
  fc.assert(
    fc.property(documentish, (input) => {
      try {
        parsePolicy(JSON.stringify(input) ?? 'undefined');
        return true;
      } catch (e) {
        return e instanceof MalformedPolicyDocumentError;
      }
    }),
    { numRuns: 1000 },
  );
});
