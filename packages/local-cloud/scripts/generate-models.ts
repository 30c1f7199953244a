/**
 * Writes `src/models/<signingName>.json`: for each emulated service, the input shapes (and their constraints) of the
 * operations local-cloud implements, taken from botocore's `data/<service>/<version>/service-2.json(.gz)`.
 *
 * Run from packages/local-cloud: `npx ts-node --transpile-only scripts/generate-models.ts`
 * (`BOTOCORE_DATA=<dir>` to read another botocore's `data/`; by default the one `python3` imports).
 * The implemented operations are read from the services' own operation tables, so a new operation only needs
 * its declaration before the models are regenerated.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { ModelMember, ModelShape, ServiceModel, ShapeType } from '../src/core/validation/model';
import { createServices } from '../src/services/registry';
import { Store } from '../src/store/store';

const PACKAGE_ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(PACKAGE_ROOT, 'src', 'models');
/** botocore's folder name per signing name, where they differ (Lambda's current model is 2015-03-31). */
const API_VERSIONS: Record<string, string | undefined> = { lambda: '2015-03-31' };
const KEPT_MEMBER_LOCATIONS = new Set(['uri', 'querystring', 'header', 'headers']);

interface BotocoreShape {
  type: ShapeType;
  required?: string[];
  members?: Record<string, { shape: string; location?: string; locationName?: string }>;
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
}
interface BotocoreModel {
  metadata: { apiVersion: string; protocol: string; serviceId: string; signingName?: string; endpointPrefix: string };
  operations: Record<string, { input?: { shape: string } }>;
  shapes: Record<string, BotocoreShape>;
}

function botocore(): { dataDir: string; version: string } {
  const script = 'import botocore,os;print(os.path.join(os.path.dirname(botocore.__file__),"data"));print(botocore.__version__)';
  const [dataDir, version] = execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim().split('\n');
  return { dataDir: process.env.BOTOCORE_DATA ?? dataDir, version: version.trim() };
}

function readModel(dataDir: string, service: string): BotocoreModel {
  const serviceDir = path.join(dataDir, service);
  const version = API_VERSIONS[service] ?? fs.readdirSync(serviceDir).filter((d) => /^\d{4}-\d\d-\d\d$/.test(d)).sort().pop();
  if (!version) throw new Error(`no model version under ${serviceDir}`);
  const file = path.join(serviceDir, version, 'service-2.json');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : zlib.gunzipSync(fs.readFileSync(`${file}.gz`)).toString('utf8');
  return JSON.parse(text) as BotocoreModel;
}

/**
 * A model pattern as JavaScript: Java regex (AWS's validators use `Pattern.matches`) mostly compiles as is; the
 * Java-only constructs found in these models are rewritten, and a pattern that still does not compile fails the run.
 */
export function toJsPattern(pattern: string): { jsPattern?: string; patternFlags: string } {
  const attempts: Array<[string, string]> = [[pattern, 'u'], [pattern, '']];
  // Java's \A, \Z, \z anchors; possessive quantifiers are greedy ones that never backtrack (same language)
  const rewritten = pattern.replace(/\\A/g, '^').replace(/\\[zZ]/g, '$').replace(/([*+?}])\+/g, '$1');
  if (rewritten !== pattern) attempts.push([rewritten, 'u'], [rewritten, '']);
  for (const [source, flags] of attempts) {
    // without `u`, `\p{L}` would silently mean the letters p{L}
    if (flags === '' && /\\[pP]\{/.test(source)) continue;
    try {
      new RegExp(`^(?:${source})$`, flags);
      return { ...(source !== pattern ? { jsPattern: source } : {}), patternFlags: flags };
    } catch {
      // try the next form
    }
  }
  throw new Error(`pattern does not compile in JavaScript: ${pattern}`);
}

function subset(model: BotocoreModel, operations: readonly string[], botocoreVersion: string, signingName: string): { model: ServiceModel; missing: string[]; rewritten: string[] } {
  const shapes: Record<string, ModelShape> = {};
  const rewritten: string[] = [];
  const visit = (name: string): void => {
    if (shapes[name]) return;
    const s = model.shapes[name];
    if (!s) throw new Error(`${signingName}: shape ${name} is not in the model`);
    const out: { -readonly [K in keyof ModelShape]: ModelShape[K] } = { type: s.type };
    shapes[name] = out;
    if (s.required?.length) out.required = s.required;
    if (s.members) {
      const members: Record<string, ModelMember> = {};
      for (const [m, ref] of Object.entries(s.members)) {
        const located = ref.location !== undefined && KEPT_MEMBER_LOCATIONS.has(ref.location);
        members[m] = {
          shape: ref.shape,
          ...(located ? { location: ref.location as ModelMember['location'] } : {}),
          // a body member's name on the wire, where it is not the member's (API Gateway `integrationHttpMethod` → `httpMethod`)
          ...(!located && ref.locationName !== undefined && ref.locationName !== m ? { locationName: ref.locationName } : {}),
        };
      }
      out.members = members;
    }
    if (s.member) out.member = s.member.shape;
    if (s.key) out.key = s.key.shape;
    if (s.value) out.value = s.value.shape;
    if (s.min !== undefined) out.min = s.min;
    if (s.max !== undefined) out.max = s.max;
    if (s.pattern !== undefined) {
      out.pattern = s.pattern;
      const js = toJsPattern(s.pattern);
      if (js.jsPattern !== undefined) {
        out.jsPattern = js.jsPattern;
        rewritten.push(`${name}: ${s.pattern} -> ${js.jsPattern}`);
      }
      out.patternFlags = js.patternFlags;
    }
    if (s.enum) out.enum = s.enum;
    if (s.sensitive) out.sensitive = true;
    for (const ref of Object.values(s.members ?? {})) visit(ref.shape);
    if (s.member) visit(s.member.shape);
    if (s.key) visit(s.key.shape);
    if (s.value) visit(s.value.shape);
  };
  const ops: Record<string, { input?: string }> = {};
  const missing: string[] = [];
  for (const op of [...operations].sort()) {
    const declared = model.operations[op];
    if (!declared) {
      missing.push(op);
      continue;
    }
    ops[op] = declared.input ? { input: declared.input.shape } : {};
    if (declared.input) visit(declared.input.shape);
  }
  const sortedShapes = Object.fromEntries(Object.keys(shapes).sort().map((k) => [k, shapes[k]]));
  return {
    model: {
      metadata: { signingName, apiVersion: model.metadata.apiVersion, protocol: model.metadata.protocol, serviceId: model.metadata.serviceId, botocoreVersion },
      operations: ops,
      shapes: sortedShapes,
    },
    missing,
    rewritten,
  };
}

/** The model as JSON data: a `$comment` says where it comes from and how to regenerate it. */
function render(model: ServiceModel, rewritten: readonly string[]): string {
  const { signingName, apiVersion, botocoreVersion } = model.metadata;
  const comment = [
    `Generated by scripts/generate-models.ts: do not edit, regenerate. ${model.metadata.serviceId} (${signingName}), model API version ${apiVersion},`,
    `from botocore ${botocoreVersion} (botocore/data/${signingName}/${apiVersion}/service-2.json): the input shapes of the operations local-cloud implements.`,
    'Regenerate (from packages/local-cloud): npx ts-node --transpile-only scripts/generate-models.ts',
    ...(rewritten.length ? ["Patterns rewritten to compile in JavaScript (messages still quote the model's pattern):", ...rewritten] : []),
  ];
  return `${JSON.stringify({ $comment: comment, ...model }, null, 1)}\n`;
}

function main(): void {
  const { dataDir, version } = botocore();
  const store = Store.open(':memory:');
  try {
    const services = createServices({ store });
    fs.mkdirSync(OUT_DIR, { recursive: true });
    const names: string[] = [];
    for (const service of services) {
      const model = readModel(dataDir, service.signingName);
      const result = subset(model, Object.keys(service.operations), version, service.signingName);
      if (result.missing.length) throw new Error(`${service.signingName}: not in botocore's model: ${result.missing.join(', ')}`);
      fs.writeFileSync(path.join(OUT_DIR, `${service.signingName}.json`), render(result.model, result.rewritten));
      names.push(service.signingName);
      console.log(`${service.signingName}: ${Object.keys(result.model.operations).length} operations, ${Object.keys(result.model.shapes).length} shapes${result.rewritten.length ? `, ${result.rewritten.length} patterns rewritten` : ''}`);
    }
    names.sort();
    const index = [
      '// ~~ Generated by scripts/generate-models.ts. Do not edit: regenerate instead.',
      "import type { ServiceModel } from '../core/validation/model';",
      ...names.map((n) => `import ${n} from './${n}.json';`),
      '',
      '/** The generated model subset of every emulated service, by signing name (JSON types are widened: cast). */',
      'export const MODELS: Readonly<Record<string, ServiceModel>> = {',
      ...names.map((n) => `  ${n}: ${n} as unknown as ServiceModel,`),
      '};',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(OUT_DIR, 'index.ts'), index);
  } finally {
    store.close();
  }
}

if (require.main === module) main();
