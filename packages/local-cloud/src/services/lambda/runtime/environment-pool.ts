import { AwsError } from '../../../core/aws-error';
import { ExecutionEnvironment, StartOutcome } from './execution-environment';

/** An environment handed to one invocation; `start` is set when it was started for it (a cold start). */
export interface Lease {
  readonly environment: ExecutionEnvironment;
  readonly logStreamName: string;
  readonly start?: StartOutcome;
}

/** A waiting invocation is told to start over when the pool it waited on was retired. */
type Waiter = (lease: Lease | 'retired') => void;

export interface PoolLimits {
  /** Concurrent environments of one function version. @default 10 */
  readonly maxEnvironments: number;
  /** Invocations that may wait for an environment before Invoke answers 429. @default 1000 */
  readonly maxQueued: number;
}

interface Member {
  readonly environment: ExecutionEnvironment;
  readonly logStreamName: string;
}

/**
 * The execution environments of one function version: warm ones are reused (last used first, so the
 * fewest stay hot), new ones are started up to the concurrency limit, and past it invocations queue.
 */
export class EnvironmentPool {
  private readonly idle: Member[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly all = new Map<ExecutionEnvironment, Member>();
  private starting = 0;
  private retired = false;

  constructor(
    /** Starts a new environment (forks the worker) and names its log stream. */
    private readonly create: () => Member,
    private readonly limits: PoolLimits,
  ) {}

  /** Environments alive or starting. */
  public get size(): number {
    return this.all.size + this.starting;
  }

  public async acquire(): Promise<Lease> {
    if (this.retired) throw new Error('pool retired');
    // an idle environment may have died meanwhile (an exception thrown by a timer after its response)
    for (let warm = this.idle.pop(); warm; warm = this.idle.pop()) {
      if (warm.environment.alive) return warm;
      this.drop(warm);
    }
    if (this.size < this.limits.maxEnvironments) return this.startOne();
    if (this.waiters.length >= this.limits.maxQueued) {
      throw new AwsError('TooManyRequestsException', 'Rate Exceeded.', {
        status: 429,
        fields: { Type: 'User', Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' },
      });
    }
    const lease = await new Promise<Lease | 'retired'>((resolve) => this.waiters.push(resolve));
    if (lease === 'retired') throw new Error('pool retired');
    return lease;
  }

  /** Gives an environment back: reused when `reusable` and the pool is current, else killed. */
  public release(lease: Lease, reusable: boolean): void {
    const member = this.all.get(lease.environment);
    if (!member) return;
    if (!reusable || this.retired || !member.environment.alive) {
      this.drop(member);
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter({ environment: member.environment, logStreamName: member.logStreamName });
    else this.idle.push(member);
  }

  /** Kills environments idle since before `cutoff` (epoch ms). */
  public reap(cutoff: number): void {
    for (const member of [...this.idle]) {
      if (member.environment.lastUsed < cutoff) {
        this.idle.splice(this.idle.indexOf(member), 1);
        this.drop(member);
      }
    }
  }

  /**
   * The function changed (or is gone): idle environments die now, busy ones when their invocation ends,
   * and waiting invocations start over on the new version.
   */
  public retire(): void {
    this.retired = true;
    for (const member of this.idle.splice(0)) this.drop(member);
    for (const waiter of this.waiters.splice(0)) waiter('retired');
  }

  /** Kills every environment and resolves when all are gone. */
  public async close(): Promise<void> {
    const environments = [...this.all.keys()];
    this.retire();
    for (const environment of environments) environment.kill();
    await Promise.all(environments.map((environment) => environment.exitedPromise()));
  }

  private async startOne(): Promise<Lease> {
    this.starting++;
    let member: Member;
    try {
      member = this.create();
    } finally {
      this.starting--;
    }
    this.all.set(member.environment, member);
    const start = await member.environment.start();
    if (start.kind === 'initError') member.environment.kill();
    return { environment: member.environment, logStreamName: member.logStreamName, start };
  }

  private drop(member: Member): void {
    member.environment.kill();
    this.all.delete(member.environment);
    // a slot is free: the next waiting invocation gets a fresh environment
    if (!this.retired && this.waiters.length > 0 && this.size < this.limits.maxEnvironments) {
      const waiter = this.waiters.shift()!;
      this.startOne().then(waiter, () => waiter('retired'));
    }
  }
}
