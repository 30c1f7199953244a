// A fresh in-memory database for each test of a backend that is tested without a server.
import { Store } from '../../src/store/store';

/** Before each test, opens a new in-memory store and hands it to `use` (which builds what the tests call); closes it after the test. */
export function withFreshStore(use: (store: Store) => void): void {
  let store: Store | undefined;
  beforeEach(() => {
    store = Store.open(':memory:');
    use(store);
  });
  afterEach(() => store?.close());
}
