import { createKmsService, KmsService } from '../../../src/services/kms';
import { createLogsService } from '../../../src/services/logs';
import { Store } from '../../../src/store/store';
import { rootContext } from '../../helpers/call-context';

/** KMS's in-process API (what CloudWatch Logs, Lambda and CloudFormation call) and the end of a deletion window. */
const ACCOUNT = '000000000000';
const REGION = 'ap-southeast-1';
const ctx = rootContext;
const where = { region: REGION, accountId: ACCOUNT };

function setup(): { store: Store; kms: KmsService } {
  const store = Store.open(':memory:');
  return { store, kms: createKmsService({ store }) };
}

describe('KMS in-process API', () => {
  it('encrypts and decrypts as a service principal, under the key policy', async () => {
    // Prepare: a key whose policy lets Lambda's service principal encrypt, but not decrypt
    const { kms } = setup();
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'kms:Encrypt', Resource: '*' },
      ],
    };
    const { KeyMetadata } = await kms.operations.CreateKey({ Policy: JSON.stringify(policy) }, ctx);
    const lambda = { ...where, principal: { Service: 'lambda.amazonaws.com' } };

    // Act
    const sealed = kms.backend.encrypt({ ...lambda, keyId: KeyMetadata.Arn, plaintext: Buffer.from('env var'), encryptionContext: { fn: 'x' } });

    // Assess
    expect(sealed.keyArn).toBe(KeyMetadata.Arn);
    expect(() => kms.backend.decrypt({ ...lambda, ciphertextBlob: sealed.ciphertextBlob, encryptionContext: { fn: 'x' } })).toThrow(
      expect.objectContaining({
        code: 'AccessDeniedException',
        message: `User: arn:aws:lambda:${REGION}:${ACCOUNT}:* is not authorized to perform: kms:Decrypt on resource: ${KeyMetadata.Arn} because no resource-based policy allows the kms:Decrypt action`,
      }),
    );
    const root = { ...where, principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } };
    expect(kms.backend.decrypt({ ...root, ciphertextBlob: sealed.ciphertextBlob, encryptionContext: { fn: 'x' } }).plaintext.toString()).toBe('env var');
    expect(kms.backend.stats).toMatchObject({ encrypt: 1, decrypt: 2 });
  });

  it('passes kms:ViaService and aws:SourceAccount to the key policy when given', async () => {
    const { kms } = setup();
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:PutKeyPolicy', Resource: '*' },
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: 'kms:GenerateDataKey',
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com`, 'aws:SourceAccount': ACCOUNT } },
        },
      ],
    };
    const { KeyMetadata } = await kms.operations.CreateKey({ Policy: JSON.stringify(policy) }, ctx);
    const caller = { ...where, principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, keyId: KeyMetadata.KeyId };
    expect(() => kms.backend.generateDataKey(caller)).toThrow(expect.objectContaining({ code: 'AccessDeniedException' }));
    const dk = kms.backend.generateDataKey({ ...caller, viaService: `s3.${REGION}.amazonaws.com`, sourceAccount: ACCOUNT });
    expect(dk.plaintext).toHaveLength(32);
  });

  it('findKey resolves ids and aliases without a policy check; checkAccess reports state', async () => {
    const { kms } = setup();
    const { KeyMetadata } = await kms.operations.CreateKey({}, ctx);
    await kms.operations.CreateAlias({ AliasName: 'alias/app', TargetKeyId: KeyMetadata.KeyId }, ctx);
    expect(kms.backend.findKey('alias/app', where)?.Arn).toBe(KeyMetadata.Arn);
    expect(kms.backend.findKey('alias/none', where)).toBeUndefined();
    await kms.operations.DisableKey({ KeyId: KeyMetadata.KeyId }, ctx);
    expect(() => kms.backend.checkAccess({ ...where, principal: { AWS: ctx.principalArn }, keyId: 'alias/app', actions: ['kms:Decrypt'] }))
      .toThrow(expect.objectContaining({ code: 'DisabledException' }));
  });

  it('deletes a key for good once its deletion window has passed', async () => {
    const { kms, store } = setup();
    const { KeyMetadata } = await kms.operations.CreateKey({}, ctx);
    await kms.operations.CreateAlias({ AliasName: 'alias/doomed', TargetKeyId: KeyMetadata.KeyId }, ctx);
    await kms.operations.ScheduleKeyDeletion({ KeyId: KeyMetadata.KeyId, PendingWindowInDays: 7 }, ctx);
    // eight days later
    store.db.prepare('UPDATE kms_keys SET deletion_date = ? WHERE key_id = ?').run(Date.now() - 86_400_000, KeyMetadata.KeyId);

    expect(() => kms.operations.DescribeKey({ KeyId: KeyMetadata.KeyId }, ctx)).toThrow(expect.objectContaining({ code: 'NotFoundException' }));
    expect((await kms.operations.ListKeys({}, ctx)).Keys).toEqual([]);
    expect((await kms.operations.ListAliases({}, ctx)).Aliases).toEqual([]);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM kms_aliases').get()).toEqual({ n: 0 });
  });
});

describe('CloudWatch Logs backend, as in-process callers use it', () => {
  it('creates groups through the same KMS check as CreateLogGroup', async () => {
    const { kms, store } = setup();
    const logs = createLogsService({ store, kms });
    const { KeyMetadata } = await kms.operations.CreateKey({}, ctx);
    expect(() => logs.backend.createLogGroup({ logGroupName: '/aws/lambda/fn', kmsKeyId: KeyMetadata.Arn }, where)).toThrow(
      expect.objectContaining({ code: 'AccessDeniedException' }),
    );
    expect(logs.backend.logGroupExists('/aws/lambda/fn', where)).toBe(false);
    logs.backend.createLogGroup({ logGroupName: '/aws/lambda/fn', tags: { a: 'b' } }, where);
    logs.backend.putRetentionPolicy({ logGroupName: '/aws/lambda/fn', retentionInDays: 7 }, where);
    expect(logs.backend.logGroupExists('/aws/lambda/fn', where)).toBe(true);
    const { logGroups } = await logs.operations.DescribeLogGroups({}, ctx);
    expect(logGroups[0]).toMatchObject({ logGroupName: '/aws/lambda/fn', retentionInDays: 7 });
  });

  it('resolves KMS through the service directory when built by the registry', async () => {
    const store = Store.open(':memory:');
    const services: Array<{ signingName: string }> = [];
    const directory = { get: <T>(name: string) => services.find((s) => s.signingName === name) as T | undefined };
    const logs = createLogsService({ store, services: directory });
    const kms = createKmsService({ store, services: directory });
    services.push(logs, kms);
    const { KeyMetadata } = await kms.operations.CreateKey({}, ctx);
    expect(() => logs.operations.CreateLogGroup({ logGroupName: 'g', kmsKeyId: KeyMetadata.Arn }, ctx))
      .toThrow(expect.objectContaining({ code: 'AccessDeniedException' }));
  });
});
