import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_PORT } from '../core/defaults';
import { hostnameOf } from '../core/hosts';

export const USAGE = `usage: local-cloud <command> [options]

commands:
  start [--detach]         run the emulator (in the foreground, or in the background with --detach)
  ensure-running [--json]  start it in the background unless it runs; print where it is (--json:
                           {"endpoint","pid","logFile","stateDir","started"})
  cdk -- <cdk args>        run the workspace's CDK CLI against it (ensure-running first): endpoint, test/test
                           keys and region set; stopped at once if local-cloud stops meanwhile
  exec -- <command> [args] the same for any command (AWS SDK v3, AWS CLI v2 and CDK CLI read the environment)
  stop                     stop a background emulator
  status                   say whether it runs (exit code 0 when it does, 3 when it does not)
  reset                    stop it and delete its database
  explain <id>             why the request with this x-amzn-RequestId was refused (docs/authorization.md)

options:
  --port N           TCP port on 127.0.0.1 (env LOCAL_CLOUD_PORT; default ${DEFAULT_PORT})
  --state-dir DIR    database, pid file and log (env LOCAL_CLOUD_STATE_DIR; default .local-cloud/ at the repository root)
  --hostname NAME    also serve requests whose Host is NAME (repeatable or comma-separated; env LOCAL_CLOUD_HOSTNAMES);
                     127.0.0.1, localhost and [::1] are always served, any other Host is refused
`;

export interface Flags {
  detach: boolean;
  json: boolean;
  port: number;
  /** Whether the port was asked for (--port or LOCAL_CLOUD_PORT), not the default. */
  portGiven: boolean;
  stateDir: string;
  /** Extra `Host` names to serve; undefined: LOCAL_CLOUD_HOSTNAMES decides. */
  hostnames?: string[];
  /** What follows `--`: the command of `exec`, the CDK CLI's arguments of `cdk`. */
  command: string[];
}

/** A failure the user can fix; printed without a stack. */
export class CliError extends Error {
  constructor(message: string, public readonly exitCode = 1) {
    super(message);
  }
}

export function parseFlags(args: string[]): Flags {
  let detach = false;
  let json = false;
  let port: string | undefined = process.env.LOCAL_CLOUD_PORT || undefined;
  let stateDir: string | undefined = process.env.LOCAL_CLOUD_STATE_DIR || undefined;
  let hostnames: string[] | undefined;
  let command: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') {
      command = args.slice(i + 1);
      break;
    }
    const [name, inline] = args[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new CliError(`${name} needs a value\n${USAGE}`, 2);
      return v;
    };
    if (name === '--detach' || name === '-d') detach = true;
    else if (name === '--json') json = true;
    else if (name === '--port') port = value();
    else if (name === '--state-dir') stateDir = value();
    else if (name === '--hostname') hostnames = [...(hostnames ?? []), ...value().split(',')];
    else throw new CliError(`unknown option '${args[i]}'\n${USAGE}`, 2);
  }
  const portNumber = port === undefined ? DEFAULT_PORT : Number(port);
  if (!Number.isInteger(portNumber) || portNumber < 0 || portNumber > 65535) throw new CliError(`--port must be a TCP port (0-65535), not '${port}'`, 2);
  if (hostnames?.some((h) => !hostnameOf(h.trim()))) throw new CliError(`--hostname must be host names, not '${hostnames.join(',')}'`, 2);
  return {
    detach,
    json,
    port: portNumber,
    portGiven: port !== undefined,
    stateDir: path.resolve(stateDir ?? path.join(repositoryRoot(process.cwd()), '.local-cloud')),
    hostnames,
    command,
  };
}

/** The nearest directory upwards whose package.json declares `workspaces`; else `from`. */
export function repositoryRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (pkg && pkg.workspaces) return dir;
    } catch {
      // no package.json here
    }
    if (path.dirname(dir) === dir) return path.resolve(from);
  }
}
