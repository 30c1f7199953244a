import { Component, JsonFile, Project } from 'projen';

/** One Nx target, as written into a package's `project.json`. */
export interface NxTarget {
  readonly executor?: string;
  readonly command?: string;
  readonly options?: Record<string, unknown>;
  readonly configurations?: Record<string, Record<string, unknown>>;
  readonly dependsOn?: Array<string | Record<string, unknown>>;
  readonly inputs?: string[];
  readonly outputs?: string[];
  readonly cache?: boolean;
}

/**
 * The Nx wiring of the whole repository, defined once: `nx.json` at the root and a read-only
 * `project.json` per package whose targets run that package's projen tasks.
 */
export class NxWorkspace extends Component {
  constructor(root: Project) {
    super(root);
    new JsonFile(root, 'nx.json', {
      obj: {
        $schema: './node_modules/nx/schemas/nx-schema.json',
        defaultBase: 'main',
        neverConnectToCloud: true,
        analytics: false,
        // plain, streaming output: deploys print CDK progress as it happens
        tui: { enabled: false },
        namedInputs: {
          sharedGlobals: ['{workspaceRoot}/tsconfig.base.json'],
          default: ['{projectRoot}/**/*', 'sharedGlobals'],
          // what a package ships: its tests, reports and generated output do not change its dependents
          production: [
            'default',
            '!{projectRoot}/test/**/*',
            '!{projectRoot}/README.md',
            '!{projectRoot}/test-reports/**/*',
            '!{projectRoot}/coverage/**/*',
          ],
        },
        targetDefaults: {
          build: {
            dependsOn: ['^build'],
            inputs: ['production', '^production'],
            outputs: ['{projectRoot}/lib', '{projectRoot}/dist'],
            cache: true,
          },
          test: {
            dependsOn: ['^build'],
            inputs: ['default', '^production'],
            outputs: ['{projectRoot}/test-reports', '{projectRoot}/coverage'],
            cache: true,
          },
        },
      },
    });
  }

  /**
   * Writes `project.json` for a package. Each target runs `npx projen <task>` in the package unless
   * it gives a command of its own.
   */
  public addProject(
    project: Project,
    opts: { name: string; targets: Record<string, NxTarget>; implicitDependencies?: string[] },
  ): void {
    const targets: Record<string, NxTarget> = {};
    const cwd = project.outdir.slice(this.project.outdir.length + 1);
    for (const [name, { command, ...target }] of Object.entries(opts.targets)) {
      targets[name] = {
        executor: 'nx:run-commands',
        ...target,
        options: { cwd, ...(command ? { command } : {}), ...target.options },
      };
    }
    new JsonFile(project, 'project.json', {
      obj: {
        name: opts.name,
        $schema: `${'../'.repeat(cwd.split('/').length)}node_modules/nx/schemas/project-schema.json`,
        sourceRoot: `${cwd}/src`,
        implicitDependencies: opts.implicitDependencies,
        targets,
      },
    });
  }
}

/** A target that runs one of the package's projen tasks. */
export function projenTask(task: string, extra: Omit<NxTarget, 'command'> = {}): NxTarget {
  return { ...extra, command: `npx projen ${task}` };
}
