import type { StackStore } from './engine/stack-store';

/** How long a stack operation may run before the API call that started it answers (see `settle`). */
const SETTLE_MS = 2_000;

/**
 * The background work of stacks: one operation at a time per stack, in order; an engine bug ends the stack in
 * a `*_FAILED` state instead of leaving it in flight forever.
 */
export class StackJobs {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly store: StackStore) {}

  /** Queues `task` behind the stack's running one; the first step runs now, so the stack's status has changed on return. */
  public schedule(stackId: string, task: () => Promise<void>): Promise<void> {
    const prev = this.queues.get(stackId);
    const run = async () => {
      try {
        await task();
      } catch (e) {
        this.recordCrash(stackId, e);
      }
    };
    const p = prev ? prev.then(run) : run();
    const tracked = p.finally(() => {
      if (this.queues.get(stackId) === tracked) this.queues.delete(stackId);
    });
    this.queues.set(stackId, tracked);
    return tracked;
  }

  /**
   * Lets a just-scheduled stack operation run for up to SETTLE_MS before the API call answers. The
   * operation stays asynchronous, as on AWS, but a small local deploy (tens of milliseconds) is done by the
   * CLI's first DescribeStacks, instead of after its next poll five seconds later.
   */
  public async settle(operation: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const elapsed = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SETTLE_MS);
      timer.unref();
    });
    await Promise.race([operation, elapsed]);
    clearTimeout(timer);
  }

  /** Resolves when no stack operation is queued or running. */
  public async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  /** An engine bug must not leave the stack in flight forever (nor crash the process: the store may be closed). */
  private recordCrash(stackId: string, e: unknown): void {
    try {
      const stack = this.store.getStack(stackId);
      if (stack?.operation) {
        stack.operation = undefined;
        stack.status = stack.status.startsWith('DELETE') ? 'DELETE_FAILED' : stack.status.startsWith('UPDATE') ? 'UPDATE_ROLLBACK_FAILED' : 'ROLLBACK_FAILED';
        stack.statusReason = `Internal error: ${(e as Error).message}`;
        this.store.putStack(stack);
      }
    } catch {
      // nothing more can be recorded
    }
  }
}
