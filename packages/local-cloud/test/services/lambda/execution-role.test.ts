import { checkRoleTrustsLambda } from '../../../src/services/lambda/execution-role';

describe('checkRoleTrustsLambda', () => {
  it('throws without IAM to ask, instead of letting any role through (it used to allow every role)', () => {
    // Arrange: a service directory without IAM, as a wrongly wired server would have
    const services = { get: () => undefined };

    // Act + Assess
    expect(() => checkRoleTrustsLambda(services, 'arn:aws:iam::000000000000:role/any', { accountId: '000000000000', region: 'ap-southeast-1' }))
      .toThrow('IAM is not among the services of this server');
    expect(() => checkRoleTrustsLambda(undefined, 'arn:aws:iam::000000000000:role/any', { accountId: '000000000000', region: 'ap-southeast-1' }))
      .toThrow('IAM is not among the services of this server');
  });
});
