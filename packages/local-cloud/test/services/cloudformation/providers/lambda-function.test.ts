import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { IAMClient } from '@aws-sdk/client-iam';
import { GetFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import * as yauzl from 'yauzl';
import type { CloudFormationService } from '../../../../src/services/cloudformation';
import { ACCOUNT } from '../../../helpers/account';
import { useLocalCloud } from '../../../helpers/local-cloud';
import { createLambdaRole } from '../../../helpers/roles';

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/inline-code-role`;
const SOURCE = 'exports.handler = async (event) => ({ inline: true, got: event.n });';

/** A stack of one function whose code is inline (`Code.ZipFile`), as CDK's `Code.fromInline` writes it. */
function inlineFunctionStack(functionName: string): string {
  return JSON.stringify({
    Resources: {
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: { FunctionName: functionName, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE_ARN, Code: { ZipFile: SOURCE } },
      },
    },
  });
}

/** The entries of a zip as yauzl (Lambda's reader) sees them: name, compression method, DOS date and time. */
function entriesOf(zip: Buffer): Promise<Array<{ name: string; method: number; dosDate: number; dosTime: number }>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error || !file) return reject(error);
      const entries: Array<{ name: string; method: number; dosDate: number; dosTime: number }> = [];
      file.on('entry', (e: yauzl.Entry) => {
        entries.push({ name: e.fileName, method: e.compressionMethod, dosDate: e.lastModFileDate, dosTime: e.lastModFileTime });
        file.readEntry();
      });
      file.on('end', () => resolve(entries));
      file.on('error', reject);
      file.readEntry();
    });
  });
}

describe('AWS::Lambda::Function with inline code (Code.ZipFile)', () => {
  const cloud = useLocalCloud({ cfn: CloudFormationClient, lambda: LambdaClient, iam: IAMClient });
  const { cfn, lambda, iam } = cloud;

  beforeAll(async () => {
    await createLambdaRole(iam, 'inline-code-role');
    // Prepare: two stacks with the same inline source
    for (const name of ['inline-a', 'inline-b']) {
      await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: inlineFunctionStack(name) }));
    }
    await cloud().service<CloudFormationService>('cloudformation').idle();
  }, 60_000);

  it('deploys the source zipped as index.js (deflated, as CloudFormation zips it), and the function runs it', async () => {
    // Act
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: 'inline-a' }));
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'inline-a', Payload: JSON.stringify({ n: 7 }) }));
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: 'inline-a' }));
    const zip = Buffer.from(await (await fetch(fn.Code!.Location!)).arrayBuffer());
    // Assess
    expect(Stacks![0].StackStatus).toBe('CREATE_COMPLETE');
    expect(JSON.parse(Buffer.from(out.Payload!).toString('utf8'))).toEqual({ inline: true, got: 7 });
    // 1980-01-01 00:00 in DOS form: date (0 << 9 | 1 << 5 | 1), time 0
    expect(await entriesOf(zip)).toEqual([{ name: 'index.js', method: 8, dosDate: 0x21, dosTime: 0 }]);
  });

  it('zips the same source to the same bytes: the same CodeSha256 for every deploy of it', async () => {
    // Act
    const [a, b] = await Promise.all(['inline-a', 'inline-b'].map((name) => lambda.send(new GetFunctionCommand({ FunctionName: name }))));
    // Assess
    expect(a.Configuration!.CodeSha256).toBeDefined();
    expect(b.Configuration!.CodeSha256).toBe(a.Configuration!.CodeSha256);
  });
});
