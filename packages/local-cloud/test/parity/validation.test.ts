// The parity cases whose answer is a constraint-violation text: AWS's, since requests are validated against the model (issue 13).
import type { ParityService } from './case';
import { validationCases } from './cases/validation';
import { parityClients, type ParityClients } from './clients';
import { Fixtures } from './fixtures';
import { runCase } from './runner';
import { startLocalCloud, type LocalCloudFixture } from '../helpers/local-cloud';

let lc: LocalCloudFixture;
let clients: ParityClients;
let fixtures: Fixtures;

describe('constraint violations, answered from the model (issue 13)', () => {
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

  for (const [service, cases] of Object.entries(validationCases) as [ParityService, (typeof validationCases)[ParityService]][]) {
    for (const c of cases) {
      it(`${service}: ${c.name}`, async () => {
        expect(await runCase(clients, fixtures, service, c)).toEqual([]);
      });
    }
  }
});
