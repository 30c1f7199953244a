import { MODELS } from '../../../src/models';
import { createServices } from '../../../src/services/registry';
import { Store } from '../../../src/store/store';

/**
 * Operations do not re-check what their model states (`core/input.ts` reads types only), so an operation missing
 * from its service's generated model (`src/models/<signingName>.json`) would run on unchecked input. Every declared
 * operation must be there: regenerate with `npx ts-node --transpile-only scripts/generate-models.ts`.
 */
describe('generated models', () => {
  const store = Store.open(':memory:');
  afterAll(() => store.close());

  it.each(createServices({ store }).map((service) => [service.signingName, service] as const))('%s: every operation it declares is in its model', (signingName, service) => {
    const model = MODELS[signingName];
    expect(model).toBeDefined();
    const missing = Object.keys(service.operations).filter((op) => !Object.hasOwn(model.operations, op));
    expect(missing).toEqual([]);
  });
});
