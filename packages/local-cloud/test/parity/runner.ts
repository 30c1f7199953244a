// Sends one parity case with the real SDK v3 client and lists how local-cloud's answer differs from AWS's recorded one.
import type { ParityCase, ParityService } from './case';
import { SDK_MODULES, wireCode, wireMessage, type ParityClients } from './clients';
import { compareBody, normalise, type Difference } from './compare';
import type { FixtureValues, Fixtures } from './fixtures';

type SdkError = Error & { $metadata?: { httpStatusCode?: number } };
type CommandClass = new (input: unknown) => unknown;

/** Replaces `{{name}}` with fixture values: a whole-string placeholder keeps the value's type (bytes stay bytes). */
export function fill(value: unknown, values: FixtureValues): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{(\w+)\}\}$/.exec(value);
    const lookup = (name: string) => {
      if (!(name in values)) throw new Error(`no fixture value '${name}' (add it to the case's 'given')`);
      return values[name];
    };
    if (whole) return lookup(whole[1]);
    return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(lookup(name)));
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, values));
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, values)]));
  }
  return value;
}

export async function runCase(clients: ParityClients, fixtures: Fixtures, service: ParityService, c: ParityCase): Promise<Difference[]> {
  const values = await fixtures.create(c.given ?? []);
  const Command = SDK_MODULES[service][`${c.request.op}Command`] as CommandClass | undefined;
  if (!Command) throw new Error(`${service} has no ${c.request.op}Command`);
  const { client, lastBody } = clients[service];
  const want = c.aws;
  let out: Record<string, unknown>;
  try {
    out = await client.send(new Command(fill(c.request.input, values)));
  } catch (e) {
    const err = e as SdkError;
    if (err.$metadata === undefined) throw e;
    if (!want.error) return [`failed with ${err.$metadata.httpStatusCode} ${err.name}: ${err.message}; AWS answered ${want.status}`];
    const diffs: Difference[] = [];
    if (err.$metadata.httpStatusCode !== want.status) diffs.push(`status: ${err.$metadata.httpStatusCode}, AWS: ${want.status}`);
    const code = wireCode(service, lastBody()) ?? err.name;
    if (code !== want.error.code) diffs.push(`error code: ${code}, AWS: ${want.error.code}`);
    const message = normalise(wireMessage(service, lastBody()));
    const expected = fill(want.error.message, values);
    if (message !== expected) diffs.push(`message: ${JSON.stringify(message)}, AWS: ${JSON.stringify(expected)}`);
    return diffs;
  }
  const { $metadata, ...body } = out as { $metadata: { httpStatusCode?: number } };
  if (want.error) return [`succeeded (${$metadata.httpStatusCode}), AWS: ${want.status} ${want.error.code} ${JSON.stringify(want.error.message)}`];
  const diffs: Difference[] = [];
  if ($metadata.httpStatusCode !== want.status) diffs.push(`status: ${$metadata.httpStatusCode}, AWS: ${want.status}`);
  return [...diffs, ...compareBody(want.body ?? {}, body)];
}
