import { Logger } from '@aws-lambda-powertools/logger';
import { createHandler } from './app';
import { createRouter } from './router';

// Module scope: built once per execution environment and reused by warm
// invocations. The level comes from POWERTOOLS_LOG_LEVEL / AWS_LAMBDA_LOG_LEVEL.
const logger = new Logger({ serviceName: 'kms-logs-api' });

/** Lambda entry point (`index.handler`). */
export const handler = createHandler(createRouter(), logger);
