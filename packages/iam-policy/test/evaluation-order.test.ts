import fc from 'fast-check';
import { evaluatePolicies, evaluatePolicy, EvaluationResult, parsePolicy, PolicyDocument, PolicyRequest, Statement } from '../src';
import { ACCOUNT, KEY_ARN, OTHER_ACCOUNT, policyOf } from './helpers';

const REQUEST: PolicyRequest = { principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app` }, action: 'kms:Encrypt', resource: KEY_ARN };
const ALLOW: Partial<Statement> = { Sid: 'Allow', Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' };
const DENY: Partial<Statement> = { Sid: 'Deny', Effect: 'Deny', Principal: '*', Action: 'kms:Encrypt', Resource: '*' };
const UNRELATED_DENY: Partial<Statement> = { Sid: 'DenyS3', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' };

describe('within one policy', () => {
  test.each<[string, Array<Partial<Statement>>, string, Array<string | undefined>]>([
    ['no statement matches → ImplicitDeny', [{ ...ALLOW, Action: 's3:*' }], 'ImplicitDeny', []],
    ['an Allow matches → Allow', [ALLOW], 'Allow', ['Allow']],
    ['a Deny matches → ExplicitDeny', [DENY], 'ExplicitDeny', ['Deny']],
    ['Deny wins over Allow (Allow first)', [ALLOW, DENY], 'ExplicitDeny', ['Deny']],
    ['Deny wins over Allow (Deny first)', [DENY, ALLOW], 'ExplicitDeny', ['Deny']],
    ['a Deny that does not match leaves the Allow', [ALLOW, UNRELATED_DENY], 'Allow', ['Allow']],
    ['a Deny whose condition fails leaves the Allow', [ALLOW, { ...DENY, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }], 'Allow', ['Allow']],
    ['every matching Allow is reported', [ALLOW, { ...ALLOW, Sid: 'Allow2' }, { ...ALLOW, Sid: undefined }], 'Allow', ['Allow', 'Allow2', undefined]],
    ['every matching Deny is reported, not the Allows', [DENY, ALLOW, { ...DENY, Sid: 'Deny2' }], 'ExplicitDeny', ['Deny', 'Deny2']],
  ])('%s', (_name, statements, decision, sids) => {
    const result = evaluatePolicy(policyOf(...statements), REQUEST);
    expect(result.decision).toBe(decision);
    expect(result.statements.map((s) => s.sid)).toEqual(sids);
  });

  test('deciding statements carry their index, effect and the statement', () => {
    const result = evaluatePolicy(policyOf(ALLOW, UNRELATED_DENY, DENY), REQUEST);
    expect(result).toEqual<EvaluationResult>({
      decision: 'ExplicitDeny',
      statements: [{ index: 2, sid: 'Deny', effect: 'Deny', statement: expect.objectContaining(DENY), policyIndex: 0 }],
    });
  });

  test('a statement without Sid is reported without sid', () => {
    const result = evaluatePolicy(policyOf({ ...ALLOW, Sid: undefined }), REQUEST);
    expect(result.statements[0]).not.toHaveProperty('sid');
    expect(result.statements[0].index).toBe(0);
  });

  test('accepts JSON text, an object with a single Statement object, and a parsed document', () => {
    const json = JSON.stringify({ Version: '2012-10-17', Statement: ALLOW });
    expect(evaluatePolicy(json, REQUEST).decision).toBe('Allow');
    expect(evaluatePolicy(JSON.parse(json), REQUEST).decision).toBe('Allow');
    const parsed: PolicyDocument = parsePolicy(json);
    expect(parsed.Statement).toHaveLength(1);
    expect(evaluatePolicy(parsed, REQUEST).decision).toBe('Allow');
    expect(evaluatePolicy(parsed, { ...REQUEST, action: 's3:GetObject' }).decision).toBe('ImplicitDeny');
  });
});

describe('across policies', () => {
  const keyPolicy = policyOf({ Sid: 'KeyAllow', Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'kms:*', Resource: '*' });
  const identityAllow = policyOf({ Sid: 'IdAllow', Effect: 'Allow', Action: 'kms:Encrypt', Resource: KEY_ARN });
  const identityDeny = policyOf({ Sid: 'IdDeny', Effect: 'Deny', Action: 'kms:*', Resource: '*' });
  const nothing = policyOf({ Sid: 'S3Only', Effect: 'Allow', Action: 's3:*', Resource: '*' });

  test.each<[string, object[], string, Array<[number, string]>]>([
    ['a Deny in the second policy beats an Allow in the first', [keyPolicy, identityDeny], 'ExplicitDeny', [[1, 'IdDeny']]],
    ['a Deny in the first policy beats an Allow in the second', [identityDeny, keyPolicy], 'ExplicitDeny', [[0, 'IdDeny']]],
    ['Allows from several policies are all reported', [keyPolicy, identityAllow], 'Allow', [[0, 'KeyAllow'], [1, 'IdAllow']]],
    ['an Allow in any policy allows', [nothing, keyPolicy], 'Allow', [[1, 'KeyAllow']]],
    ['no policy matches → ImplicitDeny', [nothing, nothing], 'ImplicitDeny', []],
    ['no policies at all → ImplicitDeny', [], 'ImplicitDeny', []],
  ])('%s', (_name, policies, decision, deciding) => {
    const result = evaluatePolicies(policies, REQUEST);
    expect(result.decision).toBe(decision);
    expect(result.statements.map((s) => [s.policyIndex, s.sid])).toEqual(deciding);
  });

  test('the account-wide key policy does not allow another account', () => {
    const other = { ...REQUEST, principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/app` } };
    expect(evaluatePolicies([keyPolicy], other).decision).toBe('ImplicitDeny');
  });

  test('a malformed policy among several is rejected', () => {
    expect(() => evaluatePolicies([keyPolicy, { Statement: [] }], REQUEST)).toThrow('Statement must not be empty');
  });
});

describe('properties', () => {
  const principal = fc.constantFrom<PolicyRequest['principal']>(
    undefined,
    { AWS: ACCOUNT },
    { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    { AWS: `arn:aws:iam::${ACCOUNT}:role/app` },
    { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s1` },
    { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:user/bob` },
    { AWS: 'garbage' },
    { Service: 'logs.ap-southeast-1.amazonaws.com' },
    { Federated: 'cognito-identity.amazonaws.com' },
  );
  const principalElement = fc.constantFrom<Statement['Principal']>(
    '*',
    { AWS: '*' },
    { AWS: ACCOUNT },
    { AWS: [`arn:aws:iam::${ACCOUNT}:role/app`, `arn:aws:iam::${OTHER_ACCOUNT}:root`] },
    { Service: 'logs.ap-southeast-1.amazonaws.com' },
    { Federated: 'cognito-identity.amazonaws.com', AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s1` },
  );
  const action = fc.constantFrom('kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 's3:GetObject', 'logs:PutLogEvents');
  const actionPattern = fc.constantFrom('*', 'kms:*', 'kms:Encrypt', 'kms:GenerateDataKey*', 's3:Get?bject', 'logs:*Events');
  const resource = fc.constantFrom('*', KEY_ARN, 'arn:aws:s3:::bucket/home/alice/x', `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/fn`);
  const resourcePattern = fc.constantFrom('*', KEY_ARN, 'arn:aws:s3:::bucket/home/${aws:username}/*', 'arn:aws:logs:*', "arn:aws:s3:::${aws:username, 'x'}");
  const keys = ['aws:username', 'aws:SourceIp', 'aws:CurrentTime', 'aws:SourceArn', 'aws:TagKeys', 's3:max-keys', 'aws:SecureTransport'];
  const contextValue = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.date(),
    fc.constantFrom('10.1.2.3', '2001:db8::1', '2024-01-01T00:00:00Z', `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:x`),
    fc.array(fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxLength: 3 }),
  );
  const context = fc.dictionary(fc.constantFrom(...keys), contextValue, { maxKeys: 4 });
  const condition = fc.dictionary(
    fc.constantFrom(
      'StringEquals', 'StringNotLike', 'ForAllValues:StringLike', 'ForAnyValue:StringEqualsIgnoreCase', 'NumericLessThan',
      'DateGreaterThanIfExists', 'Bool', 'IpAddress', 'NotIpAddress', 'ArnLike', 'ArnNotEquals', 'Null', 'BinaryEquals',
    ),
    fc.constant(null),
    { maxKeys: 3 },
  );
  const VALID_VALUES: Record<string, unknown[]> = {
    Numeric: ['10', 5, '1.5'],
    Date: ['2024-01-01T00:00:00Z', 1700000000],
    Bool: ['true', false],
    Ip: ['10.0.0.0/8', '2001:db8::/32'],
    Null: ['true', 'false'],
    Binary: ['QQ=='],
    other: ['alice', 'arn:aws:logs:*:*:*', '${aws:username}', '*', 42],
  };
  const valuesFor = (operator: string): unknown[] =>
    VALID_VALUES[Object.keys(VALID_VALUES).find((k) => operator.includes(k)) ?? 'other'];

  const statement = fc
    .record({
      effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Deny'),
      principal: fc.option(principalElement, { nil: undefined }),
      notPrincipal: fc.boolean(),
      actions: fc.array(actionPattern, { minLength: 1, maxLength: 3 }),
      notAction: fc.boolean(),
      resources: fc.option(fc.array(resourcePattern, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      notResource: fc.boolean(),
      condition,
      conditionKey: fc.constantFrom(...keys),
      pick: fc.nat(),
    })
    .map((r) => {
      const s: Record<string, unknown> = { Effect: r.effect, [r.notAction ? 'NotAction' : 'Action']: r.actions };
      if (r.principal !== undefined) s[r.notPrincipal ? 'NotPrincipal' : 'Principal'] = r.principal;
      if (r.resources !== undefined) s[r.notResource ? 'NotResource' : 'Resource'] = r.resources;
      const operators = Object.keys(r.condition);
      if (operators.length > 0) {
        s.Condition = Object.fromEntries(
          operators.map((op) => {
            const values = valuesFor(op);
            return [op, { [r.conditionKey]: values[r.pick % values.length] }];
          }),
        );
      }
      return s as unknown as Statement;
    });
  const policy = fc.array(statement, { minLength: 1, maxLength: 5 }).map((Statement) => ({ Version: '2012-10-17', Statement }));
  const request = fc.record({ principal, action, resource, context }).map((r) => r as PolicyRequest);

  test('random valid policies parse, evaluate without throwing, and report consistent statements', () => {
    fc.assert(
      fc.property(policy, request, (p, req) => {
        const result = evaluatePolicy(parsePolicy(p), req);
        if (result.decision === 'ImplicitDeny') return result.statements.length === 0;
        const effect = result.decision === 'Allow' ? 'Allow' : 'Deny';
        return result.statements.length > 0 && result.statements.every((s) => s.effect === effect && p.Statement[s.index].Effect === effect);
      }),
      { numRuns: 500 },
    );
  });

  test('adding an explicit Deny of everything always yields ExplicitDeny, naming that statement', () => {
    fc.assert(
      fc.property(policy, request, fc.nat(), (p, req, at) => {
        const statements = [...p.Statement];
        const index = at % (statements.length + 1);
        statements.splice(index, 0, { Sid: 'DenyAll', Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' });
        const result = evaluatePolicy({ ...p, Statement: statements }, req);
        return result.decision === 'ExplicitDeny' && result.statements.some((s) => s.index === index && s.sid === 'DenyAll');
      }),
      { numRuns: 300 },
    );
  });

  test('evaluatePolicies combines like the single evaluations: any Deny, else any Allow', () => {
    fc.assert(
      fc.property(policy, policy, request, (a, b, req) => {
        const single = [evaluatePolicy(a, req).decision, evaluatePolicy(b, req).decision];
        const expected = single.includes('ExplicitDeny') ? 'ExplicitDeny' : single.includes('Allow') ? 'Allow' : 'ImplicitDeny';
        return evaluatePolicies([a, b], req).decision === expected;
      }),
      { numRuns: 300 },
    );
  });
});
