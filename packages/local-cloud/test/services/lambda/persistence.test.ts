import * as fs from 'node:fs';
import * as path from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { AddPermissionCommand, CreateFunctionCommand, GetPolicyCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { zipFiles } from '../../helpers/zip';
import type { LambdaService } from '../../../src/services/lambda';
import { startLocalCloud, type LocalCloudFixture } from '../../helpers/local-cloud';
import { createLambdaRole } from '../../helpers/roles';
import { functionActive } from '../../helpers/lambda-waiters';
import { withTempDir } from '../../helpers/temp-dir';

const ROLE_ARN = 'arn:aws:iam::000000000000:role/persisted-role';

let stateDir: string;
withTempDir('lambda-persistence-', (dir) => {
  stateDir = dir;
}, 'file');

async function stop(lc: LocalCloudFixture): Promise<void> {
  await (lc.server.services.find((s) => s.signingName === 'lambda') as LambdaService).close();
  await lc.close();
}

it('keeps functions, code and policies across a restart; environments start again on demand', async () => {
  // Prepare: a function with a permission, invoked once (so its code is unpacked under the state dir)
  const first = await startLocalCloud({ stateDir, dbFile: path.join(stateDir, 'local-cloud.db') });
  const client1 = new LambdaClient(first.clientConfig);
  await createLambdaRole(new IAMClient(first.clientConfig), 'persisted-role');
  await client1.send(
    new CreateFunctionCommand({
      FunctionName: 'survivor',
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Role: ROLE_ARN,
      Code: { ZipFile: await zipFiles({ 'index.js': 'exports.handler = async (e) => "still here: " + e.v;' }) },
    }),
  );
  await functionActive(client1, 'survivor');
  await client1.send(new AddPermissionCommand({ FunctionName: 'survivor', StatementId: 's1', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' }));
  await client1.send(new InvokeCommand({ FunctionName: 'survivor', Payload: '{"v":1}' }));
  expect(fs.existsSync(path.join(stateDir, 'lambda', '000000000000', 'ap-southeast-1', 'survivor'))).toBe(true);
  await stop(first);

  // Act
  const second = await startLocalCloud({ stateDir, dbFile: path.join(stateDir, 'local-cloud.db') });
  try {
    const client2 = new LambdaClient(second.clientConfig);
    const out = await client2.send(new InvokeCommand({ FunctionName: 'survivor', Payload: '{"v":2}' }));
    const policy = await client2.send(new GetPolicyCommand({ FunctionName: 'survivor' }));
    // Assess
    expect(JSON.parse(Buffer.from(out.Payload!).toString())).toBe('still here: 2');
    expect(JSON.parse(policy.Policy!).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['s1']);
  } finally {
    await stop(second);
  }
});
