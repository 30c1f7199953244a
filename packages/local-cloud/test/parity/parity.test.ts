// The parity suite: every case of cases/*.ts sent to an in-process local-cloud, its answer compared with AWS's recorded one.
import type { ParityCase, ParityService } from './case';
import { apigatewayCases } from './cases/apigateway';
import { cloudformationCases } from './cases/cloudformation';
import { kmsCases } from './cases/kms';
import { lambdaCases } from './cases/lambda';
import { logsCases } from './cases/logs';
import { parityClients, type ParityClients } from './clients';
import { Fixtures } from './fixtures';
import { runCase } from './runner';
import { startLocalCloud, type LocalCloudFixture } from '../helpers/local-cloud';

const SUITE: Record<ParityService, ParityCase[]> = {
  kms: kmsCases,
  logs: logsCases,
  lambda: lambdaCases,
  apigateway: apigatewayCases,
  cloudformation: cloudformationCases,
};

let lc: LocalCloudFixture;
let clients: ParityClients;
let fixtures: Fixtures;

beforeAll(async () => {
  lc = await startLocalCloud();
  clients = parityClients(lc.clientConfig);
  fixtures = new Fixtures(clients, lc.clientConfig);
});

afterAll(async () => {
  fixtures?.destroy();
  for (const { client } of Object.values(clients ?? {})) client.destroy();
  await lc?.close();
});

for (const [service, cases] of Object.entries(SUITE) as [ParityService, ParityCase[]][]) {
  describe(`parity with AWS: ${service}`, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
      expect(await runCase(clients, fixtures, service, c)).toEqual([]);
    });
  });
}

it('holds at least 80 cases, each citing its source', () => {
  const all = Object.values(SUITE).flat();
  expect(all.length).toBeGreaterThanOrEqual(80);
  expect(all.filter((c) => !c.source.trim())).toEqual([]);
  expect(new Set(all.map((c) => c.name)).size).toBe(all.length);
});
