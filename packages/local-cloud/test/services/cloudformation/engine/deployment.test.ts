import { StackDeployer, RESTART_REASON, failureReason } from '../../../../src/services/cloudformation/engine/deployment';
import type { StackRecord } from '../../../../src/services/cloudformation/engine/model';
import { StackStore } from '../../../../src/services/cloudformation/engine/stack-store';
import { EvaluatedTemplate } from '../../../../src/services/cloudformation/engine/stack-template';
import type { Template } from '@kms-logs-api/cfn-template';
import { NotSupportedError, ProviderContext, ResourceProvider, ServiceCallError } from '../../../../src/services/cloudformation/providers/provider';
import { Store } from '../../../../src/store/store';

// ---- fake providers at the edge: they record what the engine asks of them

interface FakeOptions {
  replaceOn?: string[];
  nameProperty?: string;
  failCreate?: (props: Record<string, unknown>, logicalId: string) => Error | undefined;
  failUpdate?: (after: Record<string, unknown>) => Error | undefined;
  createDelayMs?: (logicalId: string) => number;
  hangOn?: string;
  /** The resource is made (and `ctx.created` told), then the create hangs (`'hang'`) or fails (`'fail'`). */
  afterCreated?: (logicalId: string) => 'hang' | 'fail' | undefined;
  /**
   * A named create through `ctx.creating`: the name is taken by something outside the stack (`'taken'`), or
   * the resource is made and the process "dies" before the call returns (`'hang'`).
   */
  named?: (logicalId: string) => 'taken' | 'hang' | undefined;
}

class World {
  public readonly store = Store.open(':memory:');
  public readonly stacks = new StackStore(this.store);
  public readonly calls: string[] = [];
  public readonly live = new Map<string, Record<string, unknown>>();
  private counter = 0;
  public deployer: StackDeployer;
  public readonly providers = new Map<string, ResourceProvider>();

  constructor(maxConcurrency = 1, resourceDelayMs?: number) {
    this.deployer = this.newDeployer(maxConcurrency, resourceDelayMs);
  }

  public newDeployer(maxConcurrency = 1, resourceDelayMs?: number): StackDeployer {
    return new StackDeployer({
      store: this.stacks,
      providers: this.providers,
      maxConcurrency,
      resourceDelayMs,
      context: (stack, logicalId): Omit<ProviderContext, 'creating' | 'created'> => ({
        logicalId,
        stackName: stack.stackName,
        stackId: stack.stackId,
        accountId: stack.accountId,
        region: stack.region,
        endpoint: 'http://127.0.0.1:4566',
        call: async () => { throw new Error('no services in engine tests'); },
        sleep: async () => undefined,
        has: () => true,
      }),
    });
  }

  public fake(type: string, opts: FakeOptions = {}): this {
    const world = this;
    this.providers.set(type, {
      type,
      replaceOn: opts.replaceOn ?? [],
      attributes: ['Arn'],
      nameProperty: opts.nameProperty,
      async create(props, ctx) {
        if (opts.hangOn === ctx.logicalId) await new Promise(() => undefined);
        const delay = opts.createDelayMs?.(ctx.logicalId) ?? 0;
        if (delay > 0) await new Promise((r) => setTimeout(r, delay));
        const err = opts.failCreate?.(props, ctx.logicalId);
        if (err) {
          world.calls.push(`create-failed ${ctx.logicalId}`);
          throw err;
        }
        const id = `${ctx.logicalId}-${++world.counter}`;
        const named = opts.named?.(ctx.logicalId);
        if (named) {
          await ctx.creating(id, async () => {
            if (named === 'taken') throw new ServiceCallError('lambda', 'ResourceConflictException', `Function already exist: ${id}`, 409, 'req-2');
            world.calls.push(`create ${ctx.logicalId} ${id}`);
            world.live.set(id, props);
            await new Promise(() => undefined);
          });
        }
        world.calls.push(`create ${ctx.logicalId} ${id}`);
        world.live.set(id, props);
        const then = opts.afterCreated?.(ctx.logicalId);
        if (then) {
          ctx.created(id);
          if (then === 'hang') await new Promise(() => undefined);
          throw new Error(`${ctx.logicalId} failed after it was made`);
        }
        return { physicalId: id, attributes: { Arn: `arn:test:${id}` } };
      },
      async update(id, before, after) {
        const err = opts.failUpdate?.(after);
        if (err) {
          world.calls.push(`update-failed ${id}`);
          throw err;
        }
        world.calls.push(`update ${id} ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
        world.live.set(id, after);
        return undefined;
      },
      async delete(id) {
        world.calls.push(`delete ${id}`);
        world.live.delete(id);
      },
    });
    return this;
  }

  public newStack(name = 'Demo'): StackRecord {
    const stack: StackRecord = {
      stackId: `arn:aws:cloudformation:ap-southeast-1:000000000000:stack/${name}/00000000-0000-0000-0000-000000000001`,
      stackName: name,
      accountId: '000000000000',
      region: 'ap-southeast-1',
      status: 'REVIEW_IN_PROGRESS',
      creationTime: Date.now(),
      parameters: [],
      capabilities: [],
      tags: [],
      notificationArns: [],
      outputs: [],
      disableRollback: false,
      terminationProtection: false,
      lastOperations: [],
    };
    this.stacks.putStack(stack);
    return stack;
  }

  public evaluate(stack: StackRecord, template: object): EvaluatedTemplate {
    return EvaluatedTemplate.evaluate(template as Template, [], {
      accountId: stack.accountId, region: stack.region, stackName: stack.stackName, stackId: stack.stackId,
    }, { types: { attributesOf: (t) => this.providers.get(t)?.attributes } });
  }

  public async create(stack: StackRecord, template: object): Promise<void> {
    stack.templateBody = JSON.stringify(template);
    await this.deployer.create(stack, this.evaluate(stack, template));
  }

  /** A new stack created from `template`, the calls that made it forgotten: `calls` then shows what a test does next. */
  public async deployed(template: object): Promise<StackRecord> {
    const stack = this.newStack();
    await this.create(stack, template);
    this.calls.length = 0;
    return stack;
  }

  public async update(stack: StackRecord, template: object): Promise<void> {
    await this.deployer.update(stack, this.evaluate(stack, template), JSON.stringify(template));
  }

  /** Events oldest first, as `logicalId STATUS [reason]`. */
  public events(stack: StackRecord): string[] {
    return this.stacks.listEvents(stack.stackId, 0, 1000).reverse()
      .map((e) => `${e.logicalId} ${e.status}${e.reason ? ` [${e.reason}]` : ''}`);
  }

  public resources(stack: StackRecord): Record<string, string> {
    return Object.fromEntries(this.stacks.listResources(stack.stackId).map((r) => [r.logicalId, `${r.status} ${r.physicalId ?? '-'}`]));
  }
}

const TEMPLATE = {
  Resources: {
    Key: { Type: 'Test::Key', Properties: { Description: 'k' } },
    Group: { Type: 'Test::Group', Properties: { KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] }, Retention: 7 } },
    Role: { Type: 'Test::Role', Properties: { Name: 'r' } },
    Fn: { Type: 'Test::Fn', Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, LogGroup: { Ref: 'Group' } } },
  },
  Outputs: { FunctionName: { Value: { Ref: 'Fn' } } },
};

function world(maxConcurrency = 1, resourceDelayMs?: number): World {
  return new World(maxConcurrency, resourceDelayMs).fake('Test::Key').fake('Test::Group', { replaceOn: ['Name'] })
    .fake('Test::Role', { replaceOn: ['Name'], nameProperty: 'Name' }).fake('Test::Fn');
}

describe('StackDeployer: create', () => {
  it('creates in dependency order with the events CloudFormation writes', async () => {
    // Prepare
    const w = world();
    const stack = w.newStack();

    // Act
    await w.create(stack, TEMPLATE);

    // Assess
    expect(w.calls).toEqual(['create Key Key-1', 'create Group Group-2', 'create Role Role-3', 'create Fn Fn-4']);
    expect(w.live.get('Group-2')).toEqual({ KmsKeyId: 'arn:test:Key-1', Retention: 7 });
    expect(w.live.get('Fn-4')).toEqual({ Role: 'arn:test:Role-3', LogGroup: 'Group-2' });
    expect(w.events(stack)).toEqual([
      'Demo CREATE_IN_PROGRESS [User Initiated]',
      'Key CREATE_IN_PROGRESS',
      'Key CREATE_IN_PROGRESS [Resource creation Initiated]',
      'Key CREATE_COMPLETE',
      'Group CREATE_IN_PROGRESS',
      'Group CREATE_IN_PROGRESS [Resource creation Initiated]',
      'Group CREATE_COMPLETE',
      'Role CREATE_IN_PROGRESS',
      'Role CREATE_IN_PROGRESS [Resource creation Initiated]',
      'Role CREATE_COMPLETE',
      'Fn CREATE_IN_PROGRESS',
      'Fn CREATE_IN_PROGRESS [Resource creation Initiated]',
      'Fn CREATE_COMPLETE',
      'Demo CREATE_COMPLETE',
    ]);
    expect(stack.status).toBe('CREATE_COMPLETE');
    expect(stack.outputs).toEqual([{ OutputKey: 'FunctionName', OutputValue: 'Fn-4' }]);
    expect(stack.operation).toBeUndefined();
  });

  it('gives the stack its own events: PhysicalResourceId = StackId, type AWS::CloudFormation::Stack', async () => {
    const w = world();
    const stack = w.newStack();
    await w.create(stack, TEMPLATE);
    const [newest] = w.stacks.listEvents(stack.stackId);
    expect(newest).toMatchObject({ logicalId: 'Demo', physicalId: stack.stackId, resourceType: 'AWS::CloudFormation::Stack', status: 'CREATE_COMPLETE' });
    const ids = w.stacks.listEvents(stack.stackId).map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    const times = w.stacks.listEvents(stack.stackId).map((e) => e.timestamp);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('rolls back a failed creation: CREATE_FAILED, ROLLBACK_IN_PROGRESS, deletes in reverse, ROLLBACK_COMPLETE', async () => {
    // Prepare
    const w = new World().fake('Test::Key').fake('Test::Role').fake('Test::Fn').fake('Test::Group', {
      failCreate: () => new ServiceCallError('logs', 'AccessDeniedException',
        `The specified KMS key does not exist or is not allowed to be used with Arn 'arn:aws:logs:ap-southeast-1:000000000000:log-group:x'`, 400, 'req-1'),
    });
    const stack = w.newStack();

    // Act
    await w.create(stack, TEMPLATE);

    // Assess
    expect(stack.status).toBe('ROLLBACK_COMPLETE');
    expect(w.calls).toEqual(['create Key Key-1', 'create-failed Group', 'delete Key-1']);
    const events = w.events(stack);
    expect(events.slice(0, 5)).toEqual([
      'Demo CREATE_IN_PROGRESS [User Initiated]',
      'Key CREATE_IN_PROGRESS',
      'Key CREATE_IN_PROGRESS [Resource creation Initiated]',
      'Key CREATE_COMPLETE',
      'Group CREATE_IN_PROGRESS',
    ]);
    expect(events[5]).toMatch(/^Group CREATE_FAILED \[Resource handler returned message: "The specified KMS key does not exist or is not allowed to be used with Arn 'arn:aws:logs:ap-southeast-1:000000000000:log-group:x' \(Service: CloudWatchLogs, Status Code: 400, Request ID: req-1, Error Code: AccessDeniedException\)" \(RequestToken: [0-9a-f-]{36}, HandlerErrorCode: AccessDenied\)\]$/);
    expect(events.slice(6)).toEqual([
      'Demo ROLLBACK_IN_PROGRESS [The following resource(s) failed to create: [Group]. Rollback requested by user.]',
      'Group DELETE_COMPLETE',
      'Key DELETE_IN_PROGRESS',
      'Key DELETE_COMPLETE',
      'Demo ROLLBACK_COMPLETE',
    ]);
    expect(w.live.size).toBe(0);
    expect(stack.statusReason).toBe('The following resource(s) failed to create: [Group]. Rollback requested by user.');
    // the failed create and the rollback are two operations
    const ops = new Set(w.stacks.listEvents(stack.stackId).map((e) => e.operationId));
    expect(ops.size).toBe(2);
  });

  it('deletes a resource whose create failed after it was made (a step after the creating call)', async () => {
    // Prepare
    const w = new World().fake('Test::Key', { afterCreated: () => 'fail' });
    const stack = w.newStack();

    // Act
    await w.create(stack, { Resources: { Key: { Type: 'Test::Key' } } });

    // Assess
    expect(stack.status).toBe('ROLLBACK_COMPLETE');
    expect(w.events(stack)).toContain('Key CREATE_FAILED [Key failed after it was made]');
    expect(w.calls).toEqual(['create Key Key-1', 'delete Key-1']);
    expect(w.live.size).toBe(0);
  });

  it('never deletes, when rolling back, what a name refused by the service belongs to', async () => {
    // Prepare: the name is someone else's
    const w = new World().fake('Test::Fn', { named: () => 'taken' });
    const stack = w.newStack();

    // Act
    await w.create(stack, { Resources: { Fn: { Type: 'Test::Fn' } } });

    // Assess
    expect(stack.status).toBe('ROLLBACK_COMPLETE');
    expect(w.calls).toEqual([]);
    expect(w.events(stack)).toContain('Fn DELETE_COMPLETE');
    expect(w.resources(stack)).toEqual({ Fn: 'DELETE_COMPLETE -' });
  });

  it('cancels siblings in flight when a resource fails, and lists every failed resource', async () => {
    // Prepare: A fails at once while B (slow) is still being created
    const w = new World(4).fake('Test::T', {
      failCreate: (_p, id) => (id === 'A' ? new Error('boom') : undefined),
      createDelayMs: (id) => (id === 'B' ? 30 : 0),
    });
    const stack = w.newStack();

    // Act
    await w.create(stack, { Resources: { B: { Type: 'Test::T' }, A: { Type: 'Test::T' }, C: { Type: 'Test::T', DependsOn: 'A' } } });

    // Assess
    const events = w.events(stack);
    expect(events).toContain('A CREATE_FAILED [boom]');
    expect(events).toContain('B CREATE_FAILED [Resource creation cancelled]');
    expect(events.some((e) => e.startsWith('C '))).toBe(false);
    expect(events).toContain('Demo ROLLBACK_IN_PROGRESS [The following resource(s) failed to create: [A, B]. Rollback requested by user.]');
    expect(w.calls).toContain('delete B-1');
    expect(stack.status).toBe('ROLLBACK_COMPLETE');
  });

  it('fails an unsupported resource type with a reason naming it, never skipping it', async () => {
    const w = world();
    const stack = w.newStack();
    await w.create(stack, { Resources: { Key: { Type: 'Test::Key' }, Bucket: { Type: 'AWS::S3::Bucket', DependsOn: 'Key' } } });
    expect(w.events(stack)).toContain(
      'Bucket CREATE_FAILED [Resource type AWS::S3::Bucket is not supported by local-cloud (supported: Test::Fn, Test::Group, Test::Key, Test::Role)]',
    );
    expect(stack.status).toBe('ROLLBACK_COMPLETE');
    expect(w.live.size).toBe(0);
  });

  it('keeps a Retain resource when rolling back (DELETE_SKIPPED)', async () => {
    const w = new World().fake('Test::Key').fake('Test::Bad', { failCreate: () => new Error('no') });
    const stack = w.newStack();
    await w.create(stack, { Resources: { Key: { Type: 'Test::Key', DeletionPolicy: 'Retain' }, Bad: { Type: 'Test::Bad', DependsOn: 'Key' } } });
    expect(w.events(stack)).toContain('Key DELETE_SKIPPED');
    expect(w.live.has('Key-1')).toBe(true);
  });

  it('with rollback disabled, stops at CREATE_FAILED and keeps what was made', async () => {
    const w = new World().fake('Test::Key').fake('Test::Bad', { failCreate: () => new Error('no') });
    const stack = w.newStack();
    await w.deployer.create(stack, w.evaluate(stack, { Resources: { Key: { Type: 'Test::Key' }, Bad: { Type: 'Test::Bad', DependsOn: 'Key' } } }), { disableRollback: true });
    expect(stack.status).toBe('CREATE_FAILED');
    expect(stack.statusReason).toBe('The following resource(s) failed to create: [Bad]. ');
    expect(w.live.has('Key-1')).toBe(true);
  });
});

describe('StackDeployer: delete', () => {
  it('deletes in reverse dependency order and ends DELETE_COMPLETE', async () => {
    // Prepare
    const w = world();
    const stack = await w.deployed(TEMPLATE);

    // Act
    await w.deployer.delete(stack);

    // Assess
    expect(w.calls).toEqual(['delete Fn-4', 'delete Role-3', 'delete Group-2', 'delete Key-1']);
    expect(stack.status).toBe('DELETE_COMPLETE');
    expect(stack.deletionTime).toBeDefined();
    expect(w.events(stack).slice(-10)).toEqual([
      'Demo DELETE_IN_PROGRESS [User Initiated]',
      'Fn DELETE_IN_PROGRESS', 'Fn DELETE_COMPLETE',
      'Role DELETE_IN_PROGRESS', 'Role DELETE_COMPLETE',
      'Group DELETE_IN_PROGRESS', 'Group DELETE_COMPLETE',
      'Key DELETE_IN_PROGRESS', 'Key DELETE_COMPLETE',
      'Demo DELETE_COMPLETE',
    ]);
  });

  it('reports DELETE_FAILED with the failing resources', async () => {
    const w = new World().fake('Test::Key');
    w.providers.get('Test::Key')!.delete = async () => { throw new Error('in use'); };
    const stack = w.newStack();
    await w.create(stack, { Resources: { Key: { Type: 'Test::Key' } } });
    await w.deployer.delete(stack);
    expect(stack.status).toBe('DELETE_FAILED');
    expect(stack.statusReason).toBe('The following resource(s) failed to delete: [Key]. ');
  });
});

describe('StackDeployer: update', () => {
  it('updates a resource in place when no replace-on property changed', async () => {
    // Prepare
    const w = world();
    const stack = await w.deployed(TEMPLATE);
    const next = structuredClone(TEMPLATE);
    next.Resources.Group.Properties.Retention = 30;

    // Act
    await w.update(stack, next);

    // Assess
    expect(w.calls).toEqual(['update Group-2 {"KmsKeyId":"arn:test:Key-1","Retention":7} -> {"KmsKeyId":"arn:test:Key-1","Retention":30}']);
    expect(w.events(stack).slice(-5)).toEqual([
      'Demo UPDATE_IN_PROGRESS [User Initiated]',
      'Group UPDATE_IN_PROGRESS',
      'Group UPDATE_COMPLETE',
      'Demo UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'Demo UPDATE_COMPLETE',
    ]);
    expect(stack.status).toBe('UPDATE_COMPLETE');
    expect(stack.templateBody).toBe(JSON.stringify(next));
  });

  it('replaces a resource whose replace-on property changed: new one first, old one deleted in cleanup', async () => {
    // Prepare
    const w = world();
    const stack = await w.deployed({ Resources: { Group: { Type: 'Test::Group', Properties: { Name: 'a' } }, Fn: { Type: 'Test::Fn', Properties: { Log: { Ref: 'Group' } } } } });

    // Act
    await w.update(stack, { Resources: { Group: { Type: 'Test::Group', Properties: { Name: 'b' } }, Fn: { Type: 'Test::Fn', Properties: { Log: { Ref: 'Group' } } } } });

    // Assess: the dependent is updated to the new group before the old one goes
    expect(w.calls).toEqual([
      'create Group Group-3',
      'update Fn-2 {"Log":"Group-1"} -> {"Log":"Group-3"}',
      'delete Group-1',
    ]);
    expect(w.events(stack).slice(-10)).toEqual([
      'Demo UPDATE_IN_PROGRESS [User Initiated]',
      'Group UPDATE_IN_PROGRESS [Requested update requires the creation of a new physical resource; hence creating one.]',
      'Group UPDATE_IN_PROGRESS [Resource creation Initiated]',
      'Group UPDATE_COMPLETE',
      'Fn UPDATE_IN_PROGRESS', 'Fn UPDATE_COMPLETE',
      'Demo UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'Group DELETE_IN_PROGRESS',
      'Group DELETE_COMPLETE',
      'Demo UPDATE_COMPLETE',
    ]);
    const del = w.stacks.listEvents(stack.stackId).find((e) => e.logicalId === 'Group' && e.status === 'DELETE_COMPLETE');
    expect(del?.physicalId).toBe('Group-1');
    expect(w.resources(stack)).toEqual({ Group: 'UPDATE_COMPLETE Group-3', Fn: 'UPDATE_COMPLETE Fn-2' });
    expect(stack.status).toBe('UPDATE_COMPLETE');
  });

  it('keeps the old physical resource when UpdateReplacePolicy is Retain', async () => {
    const w = world();
    const stack = w.newStack();
    const t = (name: string) => ({ Resources: { Group: { Type: 'Test::Group', UpdateReplacePolicy: 'Retain', Properties: { Name: name } } } });
    await w.create(stack, t('a'));
    await w.update(stack, t('b'));
    expect(w.events(stack)).toContain('Group DELETE_SKIPPED');
    expect(w.live.has('Group-1')).toBe(true);
  });

  it('deletes resources removed from the template in the cleanup phase, skipping Retain ones', async () => {
    const w = world();
    const stack = await w.deployed({ Resources: { Key: { Type: 'Test::Key', DeletionPolicy: 'Retain' }, Role: { Type: 'Test::Role' }, Fn: { Type: 'Test::Fn' } } });
    await w.update(stack, { Resources: { Fn: { Type: 'Test::Fn' } } });
    expect(w.calls).toEqual(['delete Role-2']);
    expect(w.events(stack).slice(-5)).toEqual([
      'Demo UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'Role DELETE_IN_PROGRESS', 'Role DELETE_COMPLETE',
      'Key DELETE_SKIPPED',
      'Demo UPDATE_COMPLETE',
    ]);
    expect(Object.keys(w.resources(stack))).toEqual(['Fn']);
  });

  it('refuses to replace a custom-named resource and rolls the update back', async () => {
    // Prepare
    const w = new World().fake('Test::Role', { replaceOn: ['Name', 'Path'], nameProperty: 'Name' });
    const stack = w.newStack();
    await w.create(stack, { Resources: { Role: { Type: 'Test::Role', Properties: { Name: 'fixed', Path: '/a/' } } } });

    // Act
    await w.update(stack, { Resources: { Role: { Type: 'Test::Role', Properties: { Name: 'fixed', Path: '/b/' } } } });

    // Assess
    expect(w.events(stack)).toContain(
      'Role UPDATE_FAILED [CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename fixed and update the stack again.]',
    );
    expect(stack.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  });

  it('rolls back a failed update: restores updated resources, deletes new ones, restores the template', async () => {
    // Prepare
    const w = new World().fake('Test::Key').fake('Test::Role').fake('Test::Bad', { failCreate: () => new Error('bad thing') });
    const before = { Resources: { Key: { Type: 'Test::Key', Properties: { D: 1 } } }, Outputs: { K: { Value: { Ref: 'Key' } } } };
    const stack = await w.deployed(before);

    // Act
    await w.update(stack, {
      Resources: {
        Key: { Type: 'Test::Key', Properties: { D: 2 } },
        Role: { Type: 'Test::Role', DependsOn: 'Key' },
        Bad: { Type: 'Test::Bad', DependsOn: 'Role' },
      },
    });

    // Assess
    expect(w.calls).toEqual([
      'update Key-1 {"D":1} -> {"D":2}',
      'create Role Role-2',
      'create-failed Bad',
      'update Key-1 {"D":2} -> {"D":1}',
      'delete Role-2',
    ]);
    expect(w.events(stack).slice(-11)).toEqual([
      'Role CREATE_COMPLETE',
      'Bad CREATE_IN_PROGRESS',
      'Bad CREATE_FAILED [bad thing]',
      'Demo UPDATE_ROLLBACK_IN_PROGRESS [The following resource(s) failed to create: [Bad]. ]',
      'Key UPDATE_IN_PROGRESS',
      'Key UPDATE_COMPLETE',
      'Demo UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      'Bad DELETE_COMPLETE',
      'Role DELETE_IN_PROGRESS',
      'Role DELETE_COMPLETE',
      'Demo UPDATE_ROLLBACK_COMPLETE',
    ]);
    expect(stack.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(stack.templateBody).toBe(JSON.stringify(before));
    expect(stack.outputs).toEqual([{ OutputKey: 'K', OutputValue: 'Key-1' }]);
    expect(w.resources(stack)).toEqual({ Key: 'UPDATE_COMPLETE Key-1' });
  });

  it('leaves alone, when rolling back, a resource whose provider refused the update before changing it', async () => {
    // Prepare
    const w = new World().fake('Test::Key').fake('Test::Role', { failUpdate: () => new NotSupportedError('Changing Tags is not supported by local-cloud yet') });
    const stack = await w.deployed({ Resources: { Key: { Type: 'Test::Key', Properties: { D: 1 } }, Role: { Type: 'Test::Role', DependsOn: 'Key', Properties: { Tags: 'a' } } } });

    // Act
    await w.update(stack, { Resources: { Key: { Type: 'Test::Key', Properties: { D: 2 } }, Role: { Type: 'Test::Role', DependsOn: 'Key', Properties: { Tags: 'b' } } } });

    // Assess
    expect(w.calls).toEqual(['update Key-1 {"D":1} -> {"D":2}', 'update-failed Role-2', 'update Key-1 {"D":2} -> {"D":1}']);
    expect(w.events(stack)).toContain('Role UPDATE_FAILED [Changing Tags is not supported by local-cloud yet]');
    expect(stack.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(w.stacks.getResource(stack.stackId, 'Role')?.properties).toEqual({ Tags: 'a' });
  });

  it('does nothing to a resource whose resolved properties did not change', async () => {
    const w = world();
    const stack = await w.deployed(TEMPLATE);
    await w.update(stack, { ...TEMPLATE, Outputs: {} });
    expect(w.calls).toEqual([]);
    expect(stack.outputs).toEqual([]);
  });
});

describe('StackDeployer: resource stabilisation delay', () => {
  /** ms from each resource's `from` event to its `to` event, by logical id. */
  function gaps(w: World, stack: StackRecord, from: (status: string, reason?: string) => boolean, to: string): Record<string, number> {
    const events = w.stacks.listEvents(stack.stackId, 0, 1000).reverse().filter((e) => e.logicalId !== stack.stackName);
    const start = new Map<string, number>();
    const out: Record<string, number> = {};
    for (const e of events) {
      if (from(e.status, e.reason)) start.set(e.logicalId, e.timestamp);
      else if (e.status === to && start.has(e.logicalId)) out[e.logicalId] = e.timestamp - start.get(e.logicalId)!;
    }
    return out;
  }

  it('waits resourceDelayMs between each service call and the resource\'s COMPLETE event, with the stack in progress', async () => {
    // Prepare
    const delay = 100;
    const w = world(1, delay);
    const stack = w.newStack();

    // Act: create, watching the stack's status while it runs
    const creating = w.create(stack, TEMPLATE);
    await new Promise((r) => setTimeout(r, delay / 2));
    const midway = w.stacks.getStack(stack.stackId)?.status;
    await creating;
    const created = gaps(w, stack, (s, r) => s === 'CREATE_IN_PROGRESS' && r === 'Resource creation Initiated', 'CREATE_COMPLETE');
    await w.update(stack, { ...TEMPLATE, Resources: { ...TEMPLATE.Resources, Key: { Type: 'Test::Key', Properties: { Description: 'k2' } } } });
    const updated = gaps(w, stack, (s) => s === 'UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE');
    await w.deployer.delete(stack);
    const deleted = gaps(w, stack, (s) => s === 'DELETE_IN_PROGRESS', 'DELETE_COMPLETE');

    // Assess: every step waited. Events a millisecond apart get timestamps 1 ms apart (stable order), which can
    // put a step's first event a few ms late: hence the 10 ms allowance (without the delay a gap is ~0).
    expect(midway).toBe('CREATE_IN_PROGRESS');
    expect(Object.keys(created).sort()).toEqual(['Fn', 'Group', 'Key', 'Role']);
    expect(Object.keys(updated)).toEqual(['Key']);
    expect(Object.keys(deleted).sort()).toEqual(['Fn', 'Group', 'Key', 'Role']);
    for (const ms of [...Object.values(created), ...Object.values(updated), ...Object.values(deleted)]) {
      expect(ms).toBeGreaterThanOrEqual(delay - 10);
    }
    expect(stack.status).toBe('DELETE_COMPLETE');
  });

  it('waits nothing by default', async () => {
    const w = world();
    const stack = w.newStack();
    await w.create(stack, TEMPLATE);
    const created = gaps(w, stack, (s, r) => s === 'CREATE_IN_PROGRESS' && r === 'Resource creation Initiated', 'CREATE_COMPLETE');
    expect(Math.max(...Object.values(created))).toBeLessThan(40);
  });
});

describe('StackDeployer: restart', () => {
  it('rolls back a creation a restart interrupted', async () => {
    // Prepare: the second resource never finishes (the process "dies")
    const w = new World().fake('Test::Key').fake('Test::Hang', { hangOn: 'Stuck' });
    const stack = w.newStack();
    void w.create(stack, { Resources: { Key: { Type: 'Test::Key' }, Stuck: { Type: 'Test::Hang', DependsOn: 'Key' } } });
    await new Promise((r) => setTimeout(r, 20));
    const persisted = w.stacks.getStack(stack.stackId)!;
    expect(persisted.status).toBe('CREATE_IN_PROGRESS');
    expect(w.stacks.stacksInFlight().map((s) => s.stackId)).toEqual([stack.stackId]);

    // Act: a new engine on the same state
    const restarted = w.newDeployer();
    await restarted.resume(persisted);

    // Assess
    expect(persisted.status).toBe('ROLLBACK_COMPLETE');
    const events = w.events(persisted);
    expect(events).toContain(`Stuck CREATE_FAILED [${RESTART_REASON}]`);
    expect(events).toContain(`Demo ROLLBACK_IN_PROGRESS [${RESTART_REASON}]`);
    expect(w.calls).toContain('delete Key-1');
    expect(w.stacks.stacksInFlight()).toEqual([]);
  });

  it('deletes, when rolling back after a restart, a resource that was made but not yet complete (no orphan left)', async () => {
    // Prepare: the function is made, then the process "dies" before its create completes (waiting for Active)
    const w = new World().fake('Test::Key').fake('Test::Fn', { afterCreated: (id) => (id === 'Fn' ? 'hang' : undefined) });
    const stack = w.newStack();
    void w.create(stack, { Resources: { Key: { Type: 'Test::Key' }, Fn: { Type: 'Test::Fn', DependsOn: 'Key' } } });
    await new Promise((r) => setTimeout(r, 20));
    expect([...w.live.keys()].sort()).toEqual(['Fn-2', 'Key-1']);

    // Act
    await w.newDeployer().resume(w.stacks.getStack(stack.stackId)!);

    // Assess: both are gone, the function first
    expect(w.stacks.getStack(stack.stackId)!.status).toBe('ROLLBACK_COMPLETE');
    expect(w.calls.filter((c) => c.startsWith('delete'))).toEqual(['delete Fn-2', 'delete Key-1']);
    expect([...w.live.keys()]).toEqual([]);
  });

  it('deletes, when rolling back after a restart, a named resource whose creating call had not returned', async () => {
    // Prepare: the service has made the function, and the process "dies" before the call returns
    const w = new World().fake('Test::Fn', { named: () => 'hang' });
    const stack = w.newStack();
    void w.create(stack, { Resources: { Fn: { Type: 'Test::Fn' } } });
    await new Promise((r) => setTimeout(r, 20));
    expect([...w.live.keys()]).toEqual(['Fn-1']);

    // Act
    await w.newDeployer().resume(w.stacks.getStack(stack.stackId)!);

    // Assess
    expect(w.stacks.getStack(stack.stackId)!.status).toBe('ROLLBACK_COMPLETE');
    expect(w.calls).toEqual(['create Fn Fn-1', 'delete Fn-1']);
    expect([...w.live.keys()]).toEqual([]);
  });

  it('deletes, when rolling back an update after a restart, a replacement that was made, and keeps the original', async () => {
    // Prepare: Group exists; the update replaces it and the process "dies" once the replacement is made
    const w = new World().fake('Test::Group', { replaceOn: ['Name'], afterCreated: () => (w.calls.length > 1 ? 'hang' : undefined) });
    const stack = w.newStack();
    await w.create(stack, { Resources: { Group: { Type: 'Test::Group', Properties: { Name: 'a' } } } });
    void w.update(stack, { Resources: { Group: { Type: 'Test::Group', Properties: { Name: 'b' } } } });
    await new Promise((r) => setTimeout(r, 20));
    expect([...w.live.keys()].sort()).toEqual(['Group-1', 'Group-2']);

    // Act
    await w.newDeployer().resume(w.stacks.getStack(stack.stackId)!);

    // Assess
    expect(w.stacks.getStack(stack.stackId)!.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect([...w.live.keys()]).toEqual(['Group-1']);
    expect(w.resources(stack)).toEqual({ Group: 'UPDATE_COMPLETE Group-1' });
  });
});

describe('failureReason', () => {
  it('words a service error as a resource handler does, with the error code', () => {
    const reason = failureReason(new ServiceCallError('kms', 'NotFoundException', 'Key x does not exist', 400, 'r-1'), 'Key');
    expect(reason).toMatch(/^Resource handler returned message: "Key x does not exist \(Service: Kms, Status Code: 400, Request ID: r-1, Error Code: NotFoundException\)" \(RequestToken: [0-9a-f-]{36}, HandlerErrorCode: NotFound\)$/);
  });
});
