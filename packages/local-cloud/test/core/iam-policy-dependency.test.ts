/**
 * The IAM policy evaluator is a hard dependency: without a built `@kms-logs-api/iam-policy`, the services that
 * check policies (STS trust policies, IAM documents) refuse to load, instead of running without the checks.
 */
const EVALUATOR = '@kms-logs-api/iam-policy';

describe('the IAM policy evaluator (@kms-logs-api/iam-policy) is imported statically', () => {
  afterEach(() => jest.dontMock(EVALUATOR));

  it.each([
    ['STS (role trust policies)', '../../src/services/sts'],
    ['IAM (policy documents)', '../../src/services/iam/policy-document'],
  ])('%s fails to load when the evaluator is not built: it never runs open', (_what, modulePath) => {
    // Prepare: the evaluator's package resolves to nothing, as when its lib/ has not been built
    jest.isolateModules(() => {
      jest.doMock(EVALUATOR, () => {
        throw new Error(`Cannot find module '${EVALUATOR}'`);
      });
      // Act + Assess
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect(() => require(modulePath)).toThrow(`Cannot find module '${EVALUATOR}'`);
    });
  });

  it('loads with the evaluator built', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect(typeof (require('../../src/services/sts') as { createStsService?: unknown })).toBe('object');
    });
  });
});
