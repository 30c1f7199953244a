import { cdk, exec } from './cli/exec';
import { CliError, parseFlags, USAGE } from './cli/flags';
import { ensureRunning, explain, reset, startForeground, status, stop } from './cli/server-process';

export { repositoryRoot } from './cli/flags';
export type { RunningServer } from './cli/server-process';

/**
 * `local-cloud start [--detach] | ensure-running [--json] | cdk -- <args> | exec -- <command> | stop | status |
 * reset`, with `--port N`, `--state-dir DIR`, `--hostname NAME`. Sets `process.exitCode`.
 *
 * @example
 * main(['start', '--detach', '--port', '4566']);
 */
export async function main(argv: string[]): Promise<void> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(USAGE);
      process.exitCode = command === undefined ? 2 : 0;
      return;
    }
    if (command === 'explain') {
      await explain(parseFlags(rest.slice(1)).stateDir, rest[0]);
      return;
    }
    const flags = parseFlags(rest);
    if (flags.command.length > 0 && command !== 'cdk' && command !== 'exec') throw new CliError(`'${command}' takes no '--' arguments\n${USAGE}`, 2);
    switch (command) {
      case 'start':
        if (flags.detach) {
          // as before ensure-running existed: a server of this state dir on another port is reported, not refused
          const server = await ensureRunning({ ...flags, portGiven: false });
          process.stdout.write(
            server.started
              ? `local-cloud listening on ${server.endpoint} (state: ${server.stateDir})\n`
              : `local-cloud is already running on ${server.endpoint} (pid ${server.pid}, state: ${server.stateDir})\n`,
          );
        } else {
          await startForeground(flags);
        }
        return;
      case 'ensure-running': {
        const server = await ensureRunning(flags);
        process.stdout.write(
          flags.json
            ? `${JSON.stringify(server)}\n`
            : `local-cloud ${server.started ? 'started' : 'is running'} on ${server.endpoint} (pid ${server.pid}, log: ${server.logFile})\n`,
        );
        return;
      }
      case 'cdk':
        await cdk(flags);
        return;
      case 'exec':
        await exec(flags);
        return;
      case 'stop':
        await stop(flags.stateDir, true);
        return;
      case 'status':
        await status(flags.stateDir);
        return;
      case 'reset':
        await reset(flags.stateDir);
        return;
      default:
        throw new CliError(`unknown command '${command}'\n${USAGE}`, 2);
    }
  } catch (e) {
    process.stderr.write(`local-cloud: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = e instanceof CliError ? e.exitCode : 1;
  }
}
