// The parity suite: every case of cases/*.ts sent to an in-process local-cloud, its answer compared with AWS's recorded one.
import type { ParityCase, ParityService } from './case';
import { apigatewayCases } from './cases/apigateway';
import { cloudformationCases } from './cases/cloudformation';
import { kmsCases } from './cases/kms';
import { lambdaCases } from './cases/lambda';
import { logsCases } from './cases/logs';
import { validationCases } from './cases/validation';
import { useParityServer } from './harness';

// each service's cases, then those answered with a constraint-violation text from the model (cases/validation.ts)
const SUITE: Record<ParityService, ParityCase[]> = {
  kms: [...kmsCases, ...validationCases.kms],
  logs: [...logsCases, ...validationCases.logs],
  lambda: [...lambdaCases, ...validationCases.lambda],
  apigateway: [...apigatewayCases, ...validationCases.apigateway],
  cloudformation: [...cloudformationCases, ...validationCases.cloudformation],
};

const replay = useParityServer();

for (const [service, cases] of Object.entries(SUITE) as [ParityService, ParityCase[]][]) {
  describe(`parity with AWS: ${service}`, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
      expect(await replay(service, c)).toEqual([]);
    });
  });
}

it('holds at least 80 cases, each citing its source', () => {
  const all = Object.values(SUITE).flat();
  expect(all.length).toBeGreaterThanOrEqual(80);
  expect(all.filter((c) => !c.source.trim())).toEqual([]);
  expect(new Set(all.map((c) => c.name)).size).toBe(all.length);
});
