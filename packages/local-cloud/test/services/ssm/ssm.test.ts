import { DeleteParameterCommand, GetParameterCommand, GetParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { useLocalCloud } from '../../helpers/local-cloud';

describe('SSM', () => {
  const cloud = useLocalCloud({ ssm: SSMClient });
  const { ssm } = cloud;

  it('starts with the CDK bootstrap version parameter', async () => {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: '/cdk-bootstrap/hnb659fds/version' }));
    expect(Parameter).toMatchObject({ Name: '/cdk-bootstrap/hnb659fds/version', Type: 'String', Version: 1, DataType: 'text' });
    expect(Number(Parameter!.Value)).toBeGreaterThanOrEqual(6);
    expect(Parameter!.LastModifiedDate).toBeInstanceOf(Date);
    expect(Parameter!.ARN).toBe('arn:aws:ssm:ap-southeast-1:000000000000:parameter/cdk-bootstrap/hnb659fds/version');
  });

  it('creates the bootstrap parameter in any region a request arrives for', async () => {
    const other = new SSMClient({ ...cloud().clientConfig, region: 'eu-central-1' });
    const { Parameter } = await other.send(new GetParameterCommand({ Name: '/cdk-bootstrap/hnb659fds/version' }));
    other.destroy();
    expect(Parameter?.ARN).toBe('arn:aws:ssm:eu-central-1:000000000000:parameter/cdk-bootstrap/hnb659fds/version');
  });

  it('PutParameter then GetParameter, with versions on overwrite', async () => {
    // Act
    const first = await ssm.send(new PutParameterCommand({ Name: '/app/greeting', Value: 'hello world', Type: 'String' }));
    const second = await ssm.send(new PutParameterCommand({ Name: '/app/greeting', Value: 'bonjour', Overwrite: true }));
    const latest = await ssm.send(new GetParameterCommand({ Name: '/app/greeting' }));
    const v1 = await ssm.send(new GetParameterCommand({ Name: '/app/greeting:1' }));
    // Assess
    expect(first).toMatchObject({ Version: 1, Tier: 'Standard' });
    expect(second.Version).toBe(2);
    expect(latest.Parameter).toMatchObject({ Value: 'bonjour', Version: 2, Type: 'String' });
    expect(Math.abs(latest.Parameter!.LastModifiedDate!.getTime() - Date.now())).toBeLessThan(10_000);
    expect(v1.Parameter).toMatchObject({ Value: 'hello world', Version: 1, Selector: ':1' });
  });

  it('PutParameter of an existing name without Overwrite is ParameterAlreadyExists', async () => {
    await ssm.send(new PutParameterCommand({ Name: 'plain-name', Value: 'a', Type: 'String' }));
    await expect(ssm.send(new PutParameterCommand({ Name: 'plain-name', Value: 'b', Type: 'String' }))).rejects.toMatchObject({
      name: 'ParameterAlreadyExists',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('GetParameter of a missing name is ParameterNotFound (400)', async () => {
    await expect(ssm.send(new GetParameterCommand({ Name: '/does/not/exist' }))).rejects.toMatchObject({ name: 'ParameterNotFound', $metadata: { httpStatusCode: 400 } });
    await ssm.send(new PutParameterCommand({ Name: '/v/one', Value: 'x', Type: 'String' }));
    await expect(ssm.send(new GetParameterCommand({ Name: '/v/one:7' }))).rejects.toMatchObject({ name: 'ParameterVersionNotFound' });
  });

  it('StringList and SecureString', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/list', Value: 'a,b,c', Type: 'StringList' }));
    await ssm.send(new PutParameterCommand({ Name: '/secret', Value: 's3cr3t', Type: 'SecureString' }));
    expect((await ssm.send(new GetParameterCommand({ Name: '/list' }))).Parameter).toMatchObject({ Type: 'StringList', Value: 'a,b,c' });
    const hidden = await ssm.send(new GetParameterCommand({ Name: '/secret' }));
    const shown = await ssm.send(new GetParameterCommand({ Name: '/secret', WithDecryption: true }));
    expect(hidden.Parameter?.Value).not.toContain('s3cr3t');
    expect(shown.Parameter?.Value).toBe('s3cr3t');
  });

  it('validates names, types and values as SSM does', async () => {
    const invalid = { name: 'ValidationException', $metadata: { httpStatusCode: 400 } };
    await expect(ssm.send(new PutParameterCommand({ Name: 'a/b', Value: 'x', Type: 'String' }))).rejects.toMatchObject(invalid);
    await expect(ssm.send(new PutParameterCommand({ Name: '/bad name', Value: 'x', Type: 'String' }))).rejects.toMatchObject(invalid);
    await expect(ssm.send(new PutParameterCommand({ Name: '/aws/reserved', Value: 'x', Type: 'String' }))).rejects.toMatchObject(invalid);
    await expect(ssm.send(new PutParameterCommand({ Name: '/t', Value: 'x', Type: 'Number' as never }))).rejects.toMatchObject(invalid);
    await expect(ssm.send(new PutParameterCommand({ Name: '/no-type', Value: 'x' }))).rejects.toMatchObject(invalid);
    await expect(ssm.send(new PutParameterCommand({ Name: '/pattern', Value: 'abc', Type: 'String', AllowedPattern: '^\\d+$' }))).rejects.toMatchObject(invalid);
    await expect(ssm.send(new PutParameterCommand({ Name: '/big', Value: 'x'.repeat(4097), Type: 'String' }))).rejects.toMatchObject(invalid);
    await expect(ssm.send(new PutParameterCommand({ Name: '/tags', Value: 'x', Type: 'String', Overwrite: true, Tags: [{ Key: 'a', Value: 'b' }] }))).rejects.toMatchObject(invalid);
  });

  it('GetParameters and DeleteParameter', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/del/me', Value: 'x', Type: 'String' }));
    const both = await ssm.send(new GetParametersCommand({ Names: ['/del/me', '/del/missing'] }));
    expect(both.Parameters?.map((p) => p.Name)).toEqual(['/del/me']);
    expect(both.InvalidParameters).toEqual(['/del/missing']);
    await ssm.send(new DeleteParameterCommand({ Name: '/del/me' }));
    await expect(ssm.send(new GetParameterCommand({ Name: '/del/me' }))).rejects.toMatchObject({ name: 'ParameterNotFound' });
    await expect(ssm.send(new DeleteParameterCommand({ Name: '/del/me' }))).rejects.toMatchObject({ name: 'ParameterNotFound' });
  });
});
