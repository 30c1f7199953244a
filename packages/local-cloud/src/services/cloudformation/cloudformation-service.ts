import type { AwsService, ServiceDeps } from '../../core/service';
import { CloudFormationBackend } from './backend';
import { StackStore } from './engine/stack-store';
import { cloudFormationOperations } from './operations';
import { createProviders } from './providers';
import type { ResourceProvider } from './providers/provider';
import { CLOUDFORMATION_AUTHORIZATION } from './authorization';

export { requiredCapability } from './capabilities';

export interface CloudFormationDeps extends ServiceDeps {
  /** Resource providers by type; default: every provider local-cloud has. */
  readonly providers?: ReadonlyMap<string, ResourceProvider>;
  /** How many independent resources are created or updated at once. Default 4. */
  readonly maxConcurrency?: number;
  /**
   * How long each resource stabilises after its create, update or delete call (see `DeploymentHost`).
   * @default env `LOCAL_CLOUD_CFN_RESOURCE_DELAY_MS`, else 0
   */
  readonly resourceDelayMs?: number;
}

/** CloudFormation as the server and tests see it. */
export interface CloudFormationService extends AwsService {
  /** The domain (stacks, change sets), for tests and in-process callers. */
  readonly backend: CloudFormationBackend;
  /** Resolves when no stack operation is running (tests; shutdown). */
  idle(): Promise<void>;
  /** Resolves when operations a restart interrupted have been finished or rolled back. */
  readonly recovered: Promise<void>;
}

const NAMESPACE = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

/**
 * CloudFormation (awsQuery, 2010-05-15): change sets computed synchronously, stack operations run in the
 * background exactly as the CDK CLI expects to poll them, state in SQLite, one provider per resource type.
 */
export function createCloudFormationService(deps: CloudFormationDeps): CloudFormationService {
  const backend = new CloudFormationBackend({
    store: new StackStore(deps.store),
    providers: deps.providers ?? createProviders(),
    services: deps.services,
    maxConcurrency: deps.maxConcurrency,
    resourceDelayMs: deps.resourceDelayMs ?? (Math.max(0, Number(process.env.LOCAL_CLOUD_CFN_RESOURCE_DELAY_MS)) || 0),
  });

  // a restart: finish or roll back what was in flight, once every service exists (providers call them),
  // unless the server closed at once
  const interrupted = backend.prepareRecovery();
  const recovered = new Promise<void>((resolve) => {
    setImmediate(() => {
      if (deps.store.db.open) backend.resumeInterrupted(interrupted);
      resolve();
    });
  });

  return {
    signingName: 'cloudformation',
    authorization: CLOUDFORMATION_AUTHORIZATION,
    protocol: 'awsQuery',
    apiVersion: '2010-05-15',
    xmlNamespace: NAMESPACE,
    operations: cloudFormationOperations(backend),
    backend,
    recovered,
    async idle() {
      await recovered;
      await backend.idle();
    },
  };
}
