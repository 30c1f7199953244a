// One in-process local-cloud for a parity test file, and how to replay a case against it.
import type { ParityCase, ParityService } from './case';
import { parityClients, type ParityClients } from './clients';
import type { Difference } from './compare';
import { Fixtures } from './fixtures';
import { runCase } from './runner';
import { startLocalCloud, type LocalCloudFixture } from '../helpers/local-cloud';

/** Starts the server before the enclosing block's tests and stops it after; returns the case runner. */
export function useParityServer(): (service: ParityService, c: ParityCase) => Promise<Difference[]> {
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
  return (service, c) => runCase(clients, fixtures, service, c);
}
