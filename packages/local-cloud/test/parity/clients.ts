// One SDK v3 client per service, each keeping the raw body of its last answer (what the wire said, before the SDK parses it).
import { Readable } from 'node:stream';
import * as apigateway from '@aws-sdk/client-api-gateway';
import * as cloudformation from '@aws-sdk/client-cloudformation';
import * as logs from '@aws-sdk/client-cloudwatch-logs';
import * as kms from '@aws-sdk/client-kms';
import * as lambda from '@aws-sdk/client-lambda';
import type { LocalCloudClientConfig } from '../helpers/local-cloud';
import type { ParityService } from './case';

/** Each service's SDK module: the runner finds `<op>Command` in it. */
export const SDK_MODULES: Record<ParityService, Record<string, unknown>> = { kms, logs, lambda, apigateway, cloudformation };

interface Sendable {
  send(command: unknown): Promise<Record<string, unknown>>;
  destroy(): void;
  middlewareStack: { add(mw: unknown, options: object): void };
}

export interface ParityClient {
  readonly client: Sendable;
  /** The raw body of the last answer. */
  lastBody(): string;
}

export type ParityClients = Record<ParityService, ParityClient>;

export function parityClients(config: LocalCloudClientConfig): ParityClients {
  const base = { ...config, maxAttempts: 1 };
  return {
    kms: capture(new kms.KMSClient(base)),
    logs: capture(new logs.CloudWatchLogsClient(base)),
    lambda: capture(new lambda.LambdaClient(base)),
    apigateway: capture(new apigateway.APIGatewayClient(base)),
    cloudformation: capture(new cloudformation.CloudFormationClient(base)),
  };
}

// A deserialize-step middleware of low priority runs inside the SDK's deserializer: it sees the HTTP answer first.
function capture(client: unknown): ParityClient {
  const c = client as Sendable;
  let body = '';
  c.middlewareStack.add(
    (next: (args: unknown) => Promise<{ response: { body?: unknown } }>) => async (args: unknown) => {
      const out = await next(args);
      const stream = out.response.body;
      const chunks: Buffer[] = [];
      if (stream && typeof (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator] === 'function') {
        for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
        out.response.body = Readable.from([Buffer.concat(chunks)]);
      }
      body = Buffer.concat(chunks).toString('utf8');
      return out;
    },
    { step: 'deserialize', priority: 'low', name: 'parityRawBody' },
  );
  return { client: c, lastBody: () => body };
}

/**
 * The error code as the wire carries it where the SDK renames it: awsQuery's `<Code>` (CloudFormation's
 * `ChangeSetNotFound` is the SDK's `ChangeSetNotFoundException`); elsewhere the SDK's error name is the wire code.
 */
export function wireCode(service: ParityService, body: string): string | undefined {
  if (service !== 'cloudformation') return undefined;
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
}

/** The error message as the wire carries it, per protocol (`''` when there is none). */
export function wireMessage(service: ParityService, body: string): string {
  if (service === 'cloudformation') {
    const m = /<Message>([\s\S]*?)<\/Message>/.exec(body);
    return m ? unescapeXml(m[1]) : '';
  }
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const message = json.Message ?? json.message;
    return typeof message === 'string' ? message : '';
  } catch {
    return '';
  }
}

const unescapeXml = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');
