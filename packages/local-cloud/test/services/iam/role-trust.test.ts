import { IamBackend } from '../../../src/services/iam';
import { Store } from '../../../src/store/store';

/**
 * IamBackend.roleTrusts: the one answer to "may principal P assume role R" that STS, Lambda (execution roles) and
 * API Gateway (its CloudWatch role) ask.
 */
const ACCOUNT = '000000000000';
const scope = { accountId: ACCOUNT };
const trust = (principal: object, extra: object = {}) => JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra }],
});
const LAMBDA = { Service: 'lambda.amazonaws.com' };

describe('IamBackend.roleTrusts', () => {
  let store: Store;
  let iam: IamBackend;
  beforeEach(() => {
    store = Store.open(':memory:');
    iam = new IamBackend(store);
  });
  afterEach(() => store.close());

  it('is true when the role trusts the service principal, and false for another service', () => {
    // Arrange
    const role = iam.createRole(ACCOUNT, { roleName: 'fn', assumeRolePolicyDocument: trust(LAMBDA) });

    // Act + Assess
    expect(iam.roleTrusts(role.arn, LAMBDA, scope)).toBe(true);
    expect(iam.roleTrusts(role.arn, { Service: 'apigateway.amazonaws.com' }, scope)).toBe(false);
  });

  it('reads an AWS principal: the account root in the trust policy lets in a role session of the account', () => {
    // Arrange
    const role = iam.createRole(ACCOUNT, { roleName: 'deployer', assumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) });

    // Act + Assess
    expect(iam.roleTrusts(role.arn, { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/other/s` }, scope)).toBe(true);
    expect(iam.roleTrusts(role.arn, { AWS: 'arn:aws:iam::111122223333:root' }, scope)).toBe(false);
  });

  it('is false for a role that does not exist, or was deleted', () => {
    // Arrange
    const role = iam.createRole(ACCOUNT, { roleName: 'gone', assumeRolePolicyDocument: trust(LAMBDA) });
    iam.deleteRole('gone');

    // Act + Assess
    expect(iam.roleTrusts(role.arn, LAMBDA, scope)).toBe(false);
    expect(iam.roleTrusts(`arn:aws:iam::${ACCOUNT}:role/never`, LAMBDA, scope)).toBe(false);
  });

  it('needs the exact ARN: another path, or the name in another account, is not the role', () => {
    // Arrange
    const role = iam.createRole(ACCOUNT, { roleName: 'pathed', path: '/service-role/', assumeRolePolicyDocument: trust(LAMBDA) });

    // Act + Assess
    expect(role.arn).toBe(`arn:aws:iam::${ACCOUNT}:role/service-role/pathed`);
    expect(iam.roleTrusts(role.arn, LAMBDA, scope)).toBe(true);
    expect(iam.roleTrusts(`arn:aws:iam::${ACCOUNT}:role/pathed`, LAMBDA, scope)).toBe(false);
    expect(iam.roleTrusts('arn:aws:iam::111122223333:role/service-role/pathed', LAMBDA, { accountId: '111122223333' })).toBe(false);
    // the caller's account must be the role's
    expect(iam.roleTrusts(role.arn, LAMBDA, { accountId: '111122223333' })).toBe(false);
  });

  it('is false for what is not a role ARN', () => {
    expect(iam.roleTrusts('fn', LAMBDA, scope)).toBe(false);
    expect(iam.roleTrusts(`arn:aws:iam::${ACCOUNT}:user/fn`, LAMBDA, scope)).toBe(false);
  });

  it('lets no one in through a trust policy the evaluator cannot read', () => {
    // Arrange: a document IAM accepted but the evaluator refuses (written to the store after CreateRole)
    const role = iam.createRole(ACCOUNT, { roleName: 'odd', assumeRolePolicyDocument: trust(LAMBDA) });
    store.db.prepare('UPDATE iam_roles SET assume_role_policy = ? WHERE name_key = ?').run('{"Statement": "not a statement"}', 'odd');

    // Act + Assess
    expect(iam.roleTrusts(role.arn, LAMBDA, scope)).toBe(false);
  });

  it('follows the trust policy: a Deny wins, and a condition that does not hold lets no one in', () => {
    // Arrange
    const denied = iam.createRole(ACCOUNT, {
      roleName: 'denied',
      assumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: LAMBDA, Action: 'sts:AssumeRole' },
          { Effect: 'Deny', Principal: LAMBDA, Action: 'sts:AssumeRole' },
        ],
      }),
    });
    const conditional = iam.createRole(ACCOUNT, {
      roleName: 'conditional',
      assumeRolePolicyDocument: trust(LAMBDA, { Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }),
    });

    // Act + Assess
    expect(iam.roleTrusts(denied.arn, LAMBDA, scope)).toBe(false);
    expect(iam.roleTrusts(conditional.arn, LAMBDA, scope)).toBe(false);
  });

  it('follows UpdateAssumeRolePolicy at once', () => {
    // Arrange
    const role = iam.createRole(ACCOUNT, { roleName: 'moves', assumeRolePolicyDocument: trust(LAMBDA) });

    // Act
    iam.updateAssumeRolePolicy('moves', trust({ Service: 'apigateway.amazonaws.com' }));

    // Assess
    expect(iam.roleTrusts(role.arn, LAMBDA, scope)).toBe(false);
    expect(iam.roleTrusts(role.arn, { Service: 'apigateway.amazonaws.com' }, scope)).toBe(true);
  });
});
