import type { AwsService } from '../../../src/core/service';
import type { ModelMember, ModelShape, ServiceModel } from '../../../src/core/validation/model';
import { VALIDATION_ANSWERS } from '../../../src/core/validation/service-errors';
import { MODELS } from '../../../src/models';
import type { RestRoute } from '../../../src/protocols/rest-routes';
import { useLocalCloud, type LocalCloudFixture } from '../../helpers/local-cloud';
import { signedRequest, type RawResponse } from '../../helpers/raw-request';

/**
 * For every implemented operation of every service whose requests AWS checks against its model, a request that
 * breaks one constraint of one top-level member (missing required, too short, too long, pattern, range, enum, list
 * length), generated from the model data and sent over HTTP in the service's protocol. The answer must be the
 * service's validation error (code and status, `core/validation/service-errors.ts`) with AWS's text
 * ("N validation error(s) detected: …; …") naming that violation.
 */

interface Case {
  readonly service: string;
  readonly operation: string;
  readonly member: string;
  readonly kind: string;
  /** the member's value; `undefined`: left out */
  readonly value: unknown;
  /** the violation's text as AWS writes it */
  readonly expected: string;
  /** the service answers this one in its own words before the model is checked (AwsService.precheck) */
  readonly own?: OwnAnswer;
}

/** A service's own answer to a constraint violation: its error code and the form of its text. */
interface OwnAnswer {
  readonly code: string;
  readonly text: RegExp;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const PATTERN_CANDIDATES = ['!', ' ', '*', 'a b', '\t', '#', '%', '/', '..', 'x'.repeat(3)];
/** Longest value the table sends (AWS's bigger limits are the same code path). */
const MAX_SENT = 70_000;
/** CloudWatch Logs answers an over-long name with its own text first. */
const LOGS_NAME_TOO_LONG: OwnAnswer = { code: 'InvalidParameterException', text: /^Invalid LogGroup or LogStream, both must have length less than or equal to 512\.$/ };
/** Lambda answers a Runtime that is no value of its model naming the runtimes it takes (recorded on AWS, 2026-01). */
const LAMBDA_UNKNOWN_RUNTIME: OwnAnswer = {
  code: 'InvalidParameterValueException',
  text: /^Value NOT_IN_THE_ENUM at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: \[[^\]]+\] or be a valid ARN$/,
};

function casesOf(signingName: string, model: ServiceModel, implemented: (op: string) => boolean, route: (op: string) => RestRoute | undefined): Case[] {
  const cases: Case[] = [];
  const rest = model.metadata.protocol === 'rest-json';
  for (const [operation, { input }] of Object.entries(model.operations)) {
    if (!input || !implemented(operation)) continue;
    const shape = model.shapes[input];
    const required = new Set(shape.required ?? []);
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      const target = model.shapes[ref.shape];
      if (!sendable(ref, target, member, model, route(operation), rest)) continue;
      const path = pathOf(signingName, operation, member, ref);
      const shown = (v: unknown) => (target.sensitive ? '' : `'${String(v)}' `);
      const add = (kind: string, value: unknown, constraint: string) =>
        cases.push({ service: signingName, operation, member, kind, value, expected: `Value ${shown(value)}at '${path}' failed to satisfy constraint: ${constraint}` });
      if (required.has(member) && ref.location !== 'uri') {
        cases.push({ service: signingName, operation, member, kind: 'required', value: undefined,
          expected: `Value ${target.sensitive ? '' : 'null '}at '${path}' failed to satisfy constraint: Member must not be null` });
      }
      if (target.type === 'string') {
        if (target.enum && signingName === 'lambda' && member === 'Runtime') {
          cases.push({ service: signingName, operation, member, kind: 'enum (Lambda text)', value: 'NOT_IN_THE_ENUM', expected: '', own: LAMBDA_UNKNOWN_RUNTIME });
        } else if (target.enum) {
          add('enum', 'NOT_IN_THE_ENUM', `Member must satisfy enum value set: [${target.enum.join(', ')}]`);
        }
        if (target.min !== undefined && target.min > 0 && !(target.min === 1 && ref.location === 'uri')) {
          add('too short', 'a'.repeat(target.min - 1), `Member must have length greater than or equal to ${target.min}`);
        }
        if (target.max !== undefined && target.max < MAX_SENT && !target.enum) {
          const value = 'a'.repeat(target.max + 1);
          if (signingName === 'logs' && (member === 'logGroupName' || member === 'logStreamName') && target.max === 512) {
            cases.push({ service: signingName, operation, member, kind: 'too long (Logs text)', value, expected: '', own: LOGS_NAME_TOO_LONG });
          } else {
            add('too long', value, `Member must have length less than or equal to ${target.max}`);
          }
        }
        if (target.pattern !== undefined && !target.enum) {
          const regex = new RegExp(`^(?:${target.jsPattern ?? target.pattern})$`, target.patternFlags ?? 'u');
          const value = PATTERN_CANDIDATES.find((c) => !regex.test(c) && c.length >= (target.min ?? 0) && c.length <= (target.max ?? Infinity));
          if (value !== undefined) add('pattern', value, `Member must satisfy regular expression pattern: ${target.pattern}`);
        }
      }
      if (['integer', 'long'].includes(target.type)) {
        if (target.min !== undefined) add('below range', target.min - 1, `Member must have value greater than or equal to ${target.min}`);
        if (target.max !== undefined && target.max < Number.MAX_SAFE_INTEGER) add('above range', target.max + 1, `Member must have value less than or equal to ${target.max}`);
      }
      if (target.type === 'list' && !rest && model.metadata.protocol === 'json' && target.max !== undefined && target.max < 1000) {
        const element = model.shapes[target.member!];
        if (element.type === 'string' && !element.pattern && !element.enum) {
          const value = Array.from({ length: target.max + 1 }, (_, i) => `v${i}`.padEnd(element.min ?? 1, 'v'));
          cases.push({ service: signingName, operation, member, kind: 'list too long', value,
            expected: `Value '[${value.join(', ')}]' at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${target.max}` });
        }
      }
    }
  }
  return cases;
}

/** Whether the table can put this member on the wire: scalars (and JSON lists), bound where the route binds them. */
function sendable(ref: ModelMember, target: ModelShape, member: string, model: ServiceModel, route: RestRoute | undefined, rest: boolean): boolean {
  if (!['string', 'integer', 'long', 'list'].includes(target.type)) return false;
  if (target.type === 'list' && model.metadata.protocol !== 'json') return false;
  if (!rest) return true;
  if (!route) return false;
  if (ref.location === 'uri') return route.path.includes(`{${member}}`) || route.path.includes(`{${member}+}`);
  if (ref.location === 'querystring') return route.input?.[member] !== undefined && 'query' in route.input[member];
  return ref.location === undefined;
}

/** The member's path in AWS's message: camel case; API Gateway prefixes body members with `<operation>Input`. */
function pathOf(signingName: string, operation: string, member: string, ref: ModelMember): string {
  const prefix = VALIDATION_ANSWERS[signingName]?.bodyPrefixFromOperation && ref.location === undefined ? `${lowerFirst(operation)}Input.` : '';
  return `${prefix}${lowerFirst(member)}`;
}

async function send(lc: LocalCloudFixture, service: AwsService, model: ServiceModel, c: Case): Promise<RawResponse> {
  const sign = { service: service.signingName };
  if (service.protocol === 'awsJson1_1') {
    const body = JSON.stringify(c.value === undefined ? {} : { [c.member]: c.value });
    return signedRequest(lc.endpoint, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${service.targetPrefix}.${c.operation}` }, body }, sign);
  }
  if (service.protocol === 'awsQuery') {
    const form = new URLSearchParams({ Action: c.operation, Version: service.apiVersion ?? '' });
    if (c.value !== undefined) form.set(c.member, String(c.value));
    return signedRequest(lc.endpoint, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString().replace(/\+/g, '%20') }, sign);
  }
  // restJson1: the route's template, labels filled (the tested one with its value), the rest in query or body
  const route = service.routes!.find((r) => r.operation === c.operation)!;
  const ref = model.shapes[model.operations[c.operation].input!].members![c.member];
  const [template, literalQuery] = route.path.split('?');
  const path = template.replace(/\{([A-Za-z0-9_]+)\+?\}/g, (_, label: string) => encodeURIComponent(label === c.member && c.value !== undefined ? String(c.value) : 'x'));
  const query: Record<string, string> = Object.fromEntries(new URLSearchParams(literalQuery ?? ''));
  let body = '{}';
  if (c.value !== undefined && ref.location === 'querystring') query[(route.input![c.member] as { query: string }).query] = String(c.value);
  if (c.value !== undefined && ref.location === undefined) body = JSON.stringify({ [ref.locationName ?? c.member]: c.value });
  return signedRequest(lc.endpoint, { method: route.method, path, query, headers: { 'content-type': 'application/json' }, body }, sign);
}

function answerOf(res: RawResponse): { code?: string; message?: string } {
  const header = res.headers['x-amzn-errortype'];
  const xml = /<Code>([^<]*)<\/Code>[\s\S]*<Message>([^<]*)<\/Message>/.exec(res.body);
  if (xml) return { code: xml[1], message: xml[2].replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') };
  const json = JSON.parse(res.body) as { __type?: string; message?: string; Message?: string };
  return { code: typeof header === 'string' ? header : json.__type, message: json.message ?? json.Message };
}

const cloud = useLocalCloud();

const SERVICES = Object.keys(VALIDATION_ANSWERS).sort();

describe.each(SERVICES)('%s: a request breaking one constraint of its model', (signingName) => {
  it('answers the service’s validation error with AWS’s text, for each constraint of each implemented operation', async () => {
    // Prepare
    const lc = cloud();
    const service = lc.server.services.find((s) => s.signingName === signingName)!;
    const model = MODELS[signingName];
    const answer = VALIDATION_ANSWERS[signingName];
    const cases = casesOf(signingName, model, (op) => Object.hasOwn(service.operations, op), (op) => service.routes?.find((r) => r.operation === op));
    expect(cases.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const c of cases) {
      // Act
      const res = await send(lc, service, model, c);
      // Assess
      const { code, message } = answerOf(res);
      const label = `${c.operation} ${c.member} (${c.kind})`;
      if (c.own) {
        if (res.status !== 400 || code !== c.own.code || !c.own.text.test(message ?? '')) wrong.push(`${label}: ${res.status} ${code} ${message}`);
        continue;
      }
      // "1 validation error detected: …" / "N validation errors detected: …; …", N the number of entries
      const format = /^(\d+) validation (errors?) detected: (.+)$/s.exec(message ?? '');
      const entries = format ? format[3].split('; ') : [];
      const ok = res.status === answer.status && code === answer.code && format !== null
        && Number(format[1]) === entries.length && (format[2] === 'error') === (entries.length === 1) && entries.includes(c.expected);
      if (!ok) wrong.push(`${label}: ${res.status} ${code} ${message?.slice(0, 400)}\n   expected to contain: ${c.expected.slice(0, 300)}`);
    }
    expect(wrong).toEqual([]);
    // how many operations and constraints the table covered, for the report
    process.stdout.write(`${signingName}: ${new Set(cases.map((c) => c.operation)).size} operations, ${cases.length} violations\n`);
  });
});
