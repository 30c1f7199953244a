import { awscdk, github, javascript, JsonFile, ProjenrcFile, typescript } from 'projen';
import { NxWorkspace, projenTask } from './projenrc/nx-workspace';

/** Node.js major of the Lambda runtime (aws-cdk-lib's NODEJS_LATEST); the handler bundle targets it. */
const LAMBDA_NODE_MAJOR = 24;
const SCOPE = '@kms-logs-api';
/**
 * The Node.js majors the project supports: 20 (the pins below are what it allows: Nx 22, aws-cdk 2.x,
 * better-sqlite3 12), 22 and 24. `.ci/run` tests 20 and 24; the GitHub workflow tests all three.
 */
const MIN_NODE_VERSION = '20.19.0';
const NODE_ENGINES = '^20.19.0 || ^22.12.0 || ^24.0.0';
/** Node.js major the GitHub workflows run on: the LTS line users run (the matrix adds the others). */
const CI_NODE_MAJOR = 24;
const TESTED_NODE_MAJORS = [20, 22, 24];
const CDK_VERSION = '2.276.0';
const CDK_CLI_VERSION = '2.1148.1';
const AWS_SDK_VERSION = '^3.940.0';
const AWS_SDK_CLIENTS = [
  'api-gateway',
  'cloudformation',
  'cloudwatch-logs',
  'iam',
  'kms',
  'lambda',
  's3',
  'ssm',
  'sts',
].map((c) => `@aws-sdk/client-${c}@${AWS_SDK_VERSION}`);

// ---------------------------------------------------------------------------------------------
// The root: npm workspaces, Nx, the test command and the CI workflows.
// ---------------------------------------------------------------------------------------------
const root = new javascript.NodeProject({
  name: 'kms-logs-api',
  description: 'A serverless HTTP API whose logs are encrypted with a customer-managed KMS key, and proves it.',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: MIN_NODE_VERSION,
  projenrcJs: false,
  licensed: false,
  jest: false,
  github: true,
  githubOptions: { pullRequestLint: false },
  buildWorkflow: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  devDeps: ['nx@22.6.1', 'ts-node@^10.9.2', 'typescript@~5.9.3', '@types/node@^20'],
  gitignore: ['.nx/', '.local-cloud/', '*.tsbuildinfo', 'graph.json'],
});
root.package.addField('workspaces', ['packages/*', 'bench']);
root.package.addField('engines', { node: NODE_ENGINES });
/**
 * npm 11 runs a dependency's install scripts only when `allowScripts` names it (and warns about the rest).
 * These are the ones the project needs, reviewed: better-sqlite3 compiles local-cloud's SQLite binding for the
 * Node in use; esbuild checks its platform binary (the handler bundle); nx and @parcel/watcher (Nx's file
 * watcher) set up their native parts. Name-only entries: the versions are pinned by package-lock.json, whose
 * changes are reviewed like code.
 */
root.package.addField('allowScripts', { 'better-sqlite3': true, esbuild: true, nx: true, '@parcel/watcher': true });
// projen's Node ignore list has `logs`, which would also hide local-cloud's src/services/logs/
root.gitignore.removePatterns('logs');
root.package.addField('private', true);
root.package.file.addDeletionOverride('main');
root.package.file.addDeletionOverride('publishConfig');
const projenrc = new typescript.ProjenrcTs(root);
// .projenrc.ts runs under ts-node as CommonJS (the first `npx projen` on a fresh clone needs it)
projenrc.tsconfig.file.addOverride('compilerOptions', {
  module: 'commonjs', target: 'ES2022', strict: true, esModuleInterop: true, skipLibCheck: true,
});

/** Compiler options every package shares; package tsconfigs extend this file. */
const BASE_COMPILER_OPTIONS = {
  target: 'ES2022',
  lib: ['es2022'],
  module: 'CommonJS',
  moduleResolution: 'node',
  strict: true,
  alwaysStrict: true,
  noImplicitAny: true,
  noImplicitReturns: true,
  noImplicitThis: true,
  noFallthroughCasesInSwitch: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  esModuleInterop: true,
  resolveJsonModule: true,
  declaration: true,
  inlineSourceMap: true,
  inlineSources: true,
  skipLibCheck: true,
};
new JsonFile(root, 'tsconfig.base.json', { obj: { compilerOptions: BASE_COMPILER_OPTIONS } });

const nx = new NxWorkspace(root);

// Root scripts: the README's commands. Each goes through Nx so caching and ordering apply.
// projen's own `build` (locked: synth, compile, test) stays as it is; `npm run build` only builds.
root.compileTask.reset('nx run-many -t build');
root.package.setScript('build', 'npx projen compile');
// every package's tests, then the e2e suite against local-cloud (scripts/test.js stops what it started)
root.testTask.reset('node scripts/test.js');
root.addTask('deploy', { description: 'Deploy the stack to local-cloud', exec: 'nx run infra:deploy' });
// deploy when needed (the CDK CLI finds nothing to do when nothing changed), then edit → live on every save
root.addTask('dev', { description: 'Deploy to local-cloud if needed, then watch the handler', exec: 'nx run infra:deploy && nx run handler:watch' });
// the generated files are what .projenrc.ts says (a hand edit, or a forgotten `npx projen`, fails): npm test and CI run it
root.addTask('test:generated', {
  description: 'Check that every file projen generates equals what .projenrc.ts synthesizes',
  exec: 'ts-node --transpile-only --project tsconfig.projen.json projenrc/generated-files.test.ts',
});
root.addTask('graph', { description: 'Write the Nx project graph to graph.json', exec: 'nx graph --file=graph.json' });

// ---------------------------------------------------------------------------------------------
// Packages
// ---------------------------------------------------------------------------------------------

/** Points a package's "~~ Generated by projen" markers at the one .projenrc.ts of the repository. */
class WorkspaceProjenrc extends ProjenrcFile {
  public readonly filePath: string;
  constructor(project: typescript.TypeScriptProject) {
    super(project);
    this.filePath = `${'../'.repeat(project.outdir.slice(root.outdir.length + 1).split('/').length)}.projenrc.ts`;
  }
  public preSynthesize(): void {}
}

/** Options every TypeScript package shares. */
function packageOptions(name: string) {
  return {
    parent: root,
    outdir: `packages/${name}`,
    name: `${SCOPE}/${name}`,
    defaultReleaseBranch: 'main',
    packageManager: javascript.NodePackageManager.NPM,
    minNodeVersion: MIN_NODE_VERSION,
    licensed: false,
    eslint: false,
    sampleCode: false,
    typescriptVersion: '~5.9.3',
    jestOptions: {
      jestVersion: '^30',
      updateSnapshot: javascript.UpdateSnapshot.NEVER,
      // machine-readable results: .ci/run sums them into its closing "N passed, N failed" line
      extraCliOptions: ['--json', '--outputFile=test-reports/jest-results.json'],
    },
    tsconfig: {
      extends: javascript.TypescriptConfigExtends.fromPaths(['../../tsconfig.base.json']),
      compilerOptions: {},
    },
    // ts-jest only transpiles (isolatedModules); the test task type-checks the tests once with tsc,
    // which is several times faster than ts-jest's per-file type-check (aws-cdk-lib especially)
    tsconfigDev: { compilerOptions: { isolatedModules: true } },
    typecheckTests: true,
    devDeps: ['@types/node@^20', 'fast-check@^4'],
  } satisfies typescript.TypeScriptProjectOptions;
}

/**
 * Makes a package fit the workspace: its tsconfig keeps only what is its own (the rest comes from
 * tsconfig.base.json), and its `default` task no longer re-synthesizes the whole repository.
 * Nx's `build` runs the package's `compile` task, so a build never runs tests.
 */
function fitToWorkspace(pkg: typescript.TypeScriptProject): void {
  const own = new Set(['rootDir', 'outDir', 'types']);
  // typeRoots: the CDK app type points it at a package-local node_modules/@types, which npm
  // workspaces hoist to the root
  for (const key of Object.keys(BASE_COMPILER_OPTIONS).concat('experimentalDecorators', 'stripInternal',
    'noEmitOnError', 'strictNullChecks', 'strictPropertyInitialization', 'typeRoots')) {
    if (!own.has(key)) pkg.tsconfig!.file.addDeletionOverride(`compilerOptions.${key}`);
  }
  pkg.defaultTask!.reset();
  pkg.gitignore.removePatterns('logs');
  new WorkspaceProjenrc(pkg);
  // Nx infers targets from package.json scripts; project.json is the one place targets live.
  pkg.package.addField('nx', { includedScripts: [] });
  pkg.package.addField('engines', { node: NODE_ENGINES });
}

const BUILD = projenTask('compile');
const TEST = projenTask('test');

// iam-policy: the one IAM policy evaluator (no runtime dependencies).
const iamPolicy = new typescript.TypeScriptProject({
  ...packageOptions('iam-policy'),
  description: 'IAM policy evaluation: principals, actions, resources and conditions, as AWS decides them.',
});
fitToWorkspace(iamPolicy);
nx.addProject(iamPolicy, { name: 'iam-policy', targets: { build: BUILD, test: TEST } });

// cfn-template: the one CloudFormation template reader (parsing, intrinsic functions, conditions),
// so infra's synth guard and local-cloud's engine resolve a template the same way.
const cfnTemplate = new typescript.TypeScriptProject({
  ...packageOptions('cfn-template'),
  description: 'CloudFormation templates: parsing (JSON and YAML short forms), intrinsic functions, conditions, pseudo parameters.',
  deps: ['yaml@^2.9'],
});
fitToWorkspace(cfnTemplate);
nx.addProject(cfnTemplate, { name: 'cfn-template', targets: { build: BUILD, test: TEST } });

// handler: the Lambda function, bundled by esbuild into one file under dist/.
const handler = new typescript.TypeScriptProject({
  ...packageOptions('handler'),
  description: 'The Lambda function behind the REST API: routes, validation and structured logs.',
  deps: ['@aws-lambda-powertools/logger@^2.36.0'],
  devDeps: [
    ...packageOptions('handler').devDeps,
    '@types/aws-lambda@^8',
    'esbuild@^0.28',
    // handler:watch: Lambda's own API, a zip writer for the deployment package, a file watcher (Nx's own)
    `@aws-sdk/client-lambda@${AWS_SDK_VERSION}`,
    '@parcel/watcher@^2.5',
    'yazl@^3',
    '@types/yazl@^3',
  ],
});
fitToWorkspace(handler);
/**
 * The handler bundle's esbuild options, defined once: `handler:build` passes them as CLI flags and
 * `handler:watch` reads them from bundle.json, so a watched bundle is byte-for-byte a built one and the next
 * `infra:deploy` synthesizes exactly the code a watch session left running.
 */
const HANDLER_BUNDLE = {
  entryPoints: ['src/index.ts'],
  bundle: true,
  platform: 'node',
  target: `node${LAMBDA_NODE_MAJOR}`,
  minify: true,
  sourcemap: true,
  outfile: 'dist/index.js',
  logLevel: 'warning',
};
/** esbuild's CLI spelling of build options: entry points first, `--flag` for true, `--kebab-name=value`. */
function esbuildCli(options: Record<string, unknown>): string {
  const { entryPoints, ...flags } = options;
  const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return ['esbuild', ...(entryPoints as string[]), ...Object.entries(flags).map(([k, v]) => (v === true ? `--${kebab(k)}` : `--${kebab(k)}=${v}`))].join(' ');
}
new JsonFile(handler, 'bundle.json', { obj: HANDLER_BUNDLE });
// The bundle replaces tsc's output as the build product: type-check only, then bundle.
handler.compileTask.reset('tsc --noEmit -p tsconfig.json');
handler.compileTask.exec(esbuildCli(HANDLER_BUNDLE));
handler.gitignore.exclude('/dist/');
// scripts/ (the watch loop) is type-checked with the tests
handler.tsconfigDev.addInclude('../scripts/**/*.ts');
nx.addProject(handler, {
  name: 'handler',
  targets: {
    build: BUILD,
    test: TEST,
    // edit → live: rebuild on save, push the code to the deployed function (scripts/watch.ts)
    // locally under `local-cloud exec`, which gives the script local-cloud's endpoint, keys and region (the
    // script itself knows nothing of the emulator) and stops it if local-cloud stops
    watch: {
      command: 'local-cloud exec -- ts-node --transpile-only scripts/watch.ts local',
      dependsOn: [{ projects: ['local-cloud'], target: 'build' }],
      configurations: { aws: { command: 'ts-node --transpile-only scripts/watch.ts aws' } },
    },
  },
});

// local-cloud: the embedded AWS for this stack.
const localCloud = new typescript.TypeScriptProject({
  ...packageOptions('local-cloud'),
  description: 'An embedded AWS for this stack: real wire protocols, enforced key policies, encrypted logs.',
  deps: [
    `${SCOPE}/iam-policy@*`,
    `${SCOPE}/cfn-template@*`,
    'better-sqlite3@^12.6.2',
    '@smithy/signature-v4@^5',
    '@smithy/hash-node@^4',
    'fast-xml-parser@^5',
    'yauzl@^3',
    // the zip writer (CloudFormation's inline Code.ZipFile), the pair of the yauzl reader above
    'yazl@^3',
    // filter-pattern %regex%: RE2 semantics, linear time (no ReDoS on the server's only event loop)
    're2js@^2',
  ],
  devDeps: [
    ...packageOptions('local-cloud').devDeps,
    '@types/better-sqlite3@^7',
    '@types/yauzl@^2',
    '@types/yazl@^3',
    ...AWS_SDK_CLIENTS,
  ],
  bin: { 'local-cloud': 'bin/local-cloud.js' },
});
fitToWorkspace(localCloud);
nx.addProject(localCloud, {
  name: 'local-cloud',
  targets: {
    build: BUILD,
    // its CLI tests run the built bin/local-cloud.js too
    test: projenTask('test', { dependsOn: ['^build', 'build'] }),
    start: { command: 'node bin/local-cloud.js start --detach', dependsOn: ['build'] },
    stop: { command: 'node bin/local-cloud.js stop' },
  },
});

// infra: the CDK app.
const infra = new awscdk.AwsCdkTypeScriptApp({
  ...packageOptions('infra'),
  description: 'The CDK stack: KMS key, encrypted log groups, Lambda, REST API, and the key-policy guard.',
  cdkVersion: CDK_VERSION,
  cdkCliVersion: CDK_CLI_VERSION,
  cdkVersionPinning: true,
  // synth runs the compiled app: no ts-node type-check of aws-cdk-lib on every synth
  app: 'node lib/main.js',
  // `cdk watch` deploys again when what synth reads changes: the compiled app (`nx run infra:build`) and the
  // handler's bundle (`handler:build`, or `handler:watch`, which needs no CDK at all)
  watchIncludes: ['lib/**/*.js', '../handler/dist/**'],
  watchExcludes: ['**/*.d.ts', 'cdk.out*/**', 'node_modules/**', 'test/**'],
  lambdaAutoDiscover: false,
  requireApproval: awscdk.ApprovalLevel.NEVER,
  deps: [`${SCOPE}/handler@*`, `${SCOPE}/iam-policy@*`, `${SCOPE}/cfn-template@*`, 'cdk-nag@^3.0.2'],
});
fitToWorkspace(infra);
// the CDK app type expects ts-node at synth; here synth runs the compiled app (cdk.json `app`)
infra.compileTask.reset('tsc --build');
// synth is its own Nx target (infra:synth, with the target's environment), not a build step
infra.postCompileTask.reset();
// the handler is bundled by its own package (Nx orders it first), not by the CDK CLI before synth
infra.cdkConfig.json.addDeletionOverride('build');
infra.gitignore.exclude('/cdk-outputs.*.json', '/cdk.out.*/');
// scripts/deploy.ts (synth/deploy/destroy) is compiled with the app into lib/scripts/: a deploy starts it with
// plain node, without ts-node's second or so of loading TypeScript on every synth and deploy
new JsonFile(infra, 'scripts/tsconfig.json', {
  allowComments: true,
  obj: { extends: '../tsconfig.json', compilerOptions: { rootDir: '.', outDir: '../lib/scripts', types: ['node'] }, include: ['*.ts'] },
});
infra.compileTask.exec('tsc -p scripts/tsconfig.json');
/** infra's deploy script: locally it runs the CDK CLI under `local-cloud cdk`, which owns everything about the emulator. */
const deployScript = (args: string) => `node lib/scripts/deploy.js ${args}`;
nx.addProject(infra, {
  name: 'infra',
  targets: {
    build: BUILD,
    test: TEST,
    synth: {
      command: deployScript('synth'),
      dependsOn: ['build', '^build'],
      inputs: ['production', '^production'],
      outputs: ['{projectRoot}/cdk.out'],
      cache: true,
    },
    deploy: {
      command: deployScript('deploy local'),
      dependsOn: ['synth', { projects: ['local-cloud'], target: 'build' }],
      configurations: { aws: { command: deployScript('deploy aws') } },
    },
    destroy: {
      command: deployScript('destroy local'),
      dependsOn: ['build', { projects: ['local-cloud'], target: 'build' }],
      configurations: { aws: { command: deployScript('destroy aws') } },
    },
  },
});

// integration-tests: the end-to-end suite against the deployed stack (local-cloud or AWS).
const integrationTests = new typescript.TypeScriptProject({
  ...packageOptions('integration-tests'),
  description: 'End-to-end checks of the deployed stack through its endpoint and the AWS SDK.',
  devDeps: [
    ...packageOptions('integration-tests').devDeps,
    ...AWS_SDK_CLIENTS,
    // unit tests only (test/): infra's synth guard and local-cloud's deploy must agree on a key policy
    `${SCOPE}/infra@*`,
    `${SCOPE}/local-cloud@*`,
    `aws-cdk-lib@${CDK_VERSION}`,
  ],
});
fitToWorkspace(integrationTests);
/**
 * A suite of integration-tests that runs against the deployed stack, in its own folder with its own Jest
 * config and projen task: the unit `test` target never needs a deployed stack, and these never run without
 * one (their Nx targets deploy first). The unit test run type-checks them too, so a broken file fails
 * before any deploy.
 */
function deployedStackSuite(name: string, description: string, testTimeout: number): void {
  new JsonFile(integrationTests, `jest.${name}.config.json`, {
    marker: false, // Jest rejects unknown keys such as projen's "//" marker
    obj: {
      testMatch: [`<rootDir>/${name}/**/*.${name}.ts`],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }] },
      testEnvironment: 'node',
      testTimeout,
      // as projen gives the unit suites: JUnit XML beside the JSON results. jest-junit also creates
      // test-reports/, which Jest's --outputFile does not: the target must work first on a fresh clone.
      reporters: ['default', ['jest-junit', { outputDirectory: 'test-reports', outputName: `junit-${name}.xml` }]],
    },
  });
  integrationTests.addTask(name, {
    description,
    exec: `jest --ci --runInBand --config jest.${name}.config.json --json --outputFile=test-reports/jest-results-${name}.json`,
    receiveArgs: true,
  });
  integrationTests.tsconfigDev.addInclude(`../${name}/**/*.ts`);
}
deployedStackSuite('e2e', 'Run the end-to-end suite against the deployed stack', 120_000);
deployedStackSuite(
  'reliability',
  'Run the reliability suite (load, crash, bad input) against the deployed stack on local-cloud',
  600_000,
);
// the edit-loop e2e test's copy of the handler package (removed after the test)
integrationTests.gitignore.exclude('/.edit-loop-*/');
nx.addProject(integrationTests, {
  name: 'integration-tests',
  implicitDependencies: ['infra'],
  targets: {
    build: BUILD,
    test: TEST,
    reliability: {
      command: 'npx projen reliability',
      dependsOn: [{ projects: ['infra'], target: 'deploy' }],
    },
    e2e: {
      command: 'npx projen e2e',
      dependsOn: [{ projects: ['infra'], target: 'deploy', params: 'forward' }],
      configurations: { aws: { command: 'npx projen e2e', env: { E2E_TARGET: 'aws' } } },
    },
  },
});

// bench: the benchmarks, a typed workspace package (src/ → dist/; `bench/<name>.js` launches dist/<name>.js).
// The peer it measures against, serverless-offline, is installed on demand into bench/.peer, never by `npm ci`.
const bench = new typescript.TypeScriptProject({
  ...packageOptions('bench'),
  outdir: 'bench',
  description: 'Benchmarks of the request path, deploy and edit loops, log store, handler and start-up.',
  jest: false,
  typecheckTests: false,
  libdir: 'dist',
  tsconfig: { extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.base.json']), compilerOptions: {} },
  deps: [
    `@aws-sdk/client-api-gateway@${AWS_SDK_VERSION}`,
    `@aws-sdk/client-cloudformation@${AWS_SDK_VERSION}`,
    `@aws-sdk/client-cloudwatch-logs@${AWS_SDK_VERSION}`,
    `@aws-sdk/client-kms@${AWS_SDK_VERSION}`,
    `@aws-sdk/client-lambda@${AWS_SDK_VERSION}`,
    '@smithy/signature-v4@^5',
    '@smithy/hash-node@^4',
    'autocannon@^9',
  ],
  devDeps: ['@types/node@^20', '@types/autocannon@^7'],
});
fitToWorkspace(bench);
bench.package.addField('private', true);
nx.addProject(bench, {
  name: 'bench',
  implicitDependencies: ['infra', 'local-cloud', 'handler'],
  targets: {
    build: BUILD,
    all: { command: 'node run-all.js', dependsOn: ['build', { projects: ['local-cloud', 'handler', 'infra'], target: 'build' }] },
  },
});
root.gitignore.exclude('/bench/.peer/', '/bench/results/*.tmp', '/bench/.edit-loop-*/');

// ---------------------------------------------------------------------------------------------
// GitHub Actions: the same commands a developer runs.
// ---------------------------------------------------------------------------------------------
const CHECKOUT = { uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } };
const setupNode = (version: string) => ({ uses: 'actions/setup-node@v4', with: { 'node-version': version, cache: 'npm' } });

const ci = new github.GithubWorkflow(root.github!, 'ci');
ci.on({ pullRequest: {}, push: { branches: ['main'] } });
ci.addJobs({
  test: {
    name: 'build, test, e2e against local-cloud (Node ${{ matrix.node }})',
    runsOn: ['ubuntu-latest'],
    permissions: { contents: github.workflows.JobPermission.READ, actions: github.workflows.JobPermission.READ },
    // every supported Node: local-cloud's SQLite binding is compiled per Node, and Lambda workers run on it
    strategy: { failFast: false, matrix: { domain: { node: TESTED_NODE_MAJORS.map(String) } } },
    steps: [
      CHECKOUT,
      setupNode('${{ matrix.node }}'),
      { run: 'npm ci' },
      { name: 'Generated files match .projenrc.ts', run: 'npx projen test:generated' },
      { uses: 'nrwl/nx-set-shas@v5' },
      { name: 'Build and test what changed', run: 'npx nx affected -t build test' },
      { name: 'End to end against local-cloud', run: 'npx nx run integration-tests:e2e' },
      { name: 'Stop local-cloud', if: 'always()', run: 'npx nx run local-cloud:stop' },
    ],
  },
});

const deployAws = new github.GithubWorkflow(root.github!, 'deploy-aws');
deployAws.on({ workflowDispatch: {} });
deployAws.addJobs({
  deploy: {
    name: 'deploy to AWS and verify',
    runsOn: ['ubuntu-latest'],
    permissions: { contents: github.workflows.JobPermission.READ, idToken: github.workflows.JobPermission.WRITE },
    env: { AWS_REGION: '${{ vars.AWS_REGION || \'ap-southeast-1\' }}' },
    steps: [
      CHECKOUT,
      setupNode(String(CI_NODE_MAJOR)),
      { run: 'npm ci' },
      {
        uses: 'aws-actions/configure-aws-credentials@v4',
        with: { 'role-to-assume': '${{ vars.AWS_DEPLOY_ROLE_ARN }}', 'aws-region': '${{ env.AWS_REGION }}' },
      },
      { name: 'Deploy and verify', run: 'npx nx run integration-tests:e2e:aws' },
    ],
  },
});

root.synth();
