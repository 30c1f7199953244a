import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient, FilterLogEventsCommand, FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { Target } from './target';

/** The real AWS SDK v3 clients the suite checks the stack with, all pointed at the target. */
export function clientsFor(target: Target) {
  return {
    apigateway: new APIGatewayClient(target.clientConfig),
    kms: new KMSClient(target.clientConfig),
    lambda: new LambdaClient(target.clientConfig),
    logs: new CloudWatchLogsClient(target.clientConfig),
  };
}

/** Every event of `logGroupName` that matches `filterPattern`, following `nextToken`. */
export async function filterLogEvents(
  logs: CloudWatchLogsClient,
  logGroupName: string,
  filterPattern: string,
  startTime: number,
): Promise<FilteredLogEvent[]> {
  const events: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern, startTime, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}
