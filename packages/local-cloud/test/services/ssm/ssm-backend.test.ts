import { CDK_BOOTSTRAP_VERSION, CDK_BOOTSTRAP_VERSION_PARAMETER, SsmBackend } from '../../../src/services/ssm';
import { ACCOUNT, REGION } from '../../helpers/account';
import { withFreshStore } from '../../helpers/store';

const scope = { accountId: ACCOUNT, region: REGION };

describe('SsmBackend', () => {
  let ssm: SsmBackend;
  withFreshStore((store) => {
    ssm = new SsmBackend(store);
  });

  it('a region starts with the CDK bootstrap version, written once', () => {
    ssm.addRegion(scope);
    ssm.addRegion(scope);
    expect(ssm.latest(scope, CDK_BOOTSTRAP_VERSION_PARAMETER)).toMatchObject({ value: CDK_BOOTSTRAP_VERSION, version: 1, type: 'String' });
    expect(ssm.latest({ ...scope, region: 'eu-west-1' }, CDK_BOOTSTRAP_VERSION_PARAMETER)).toBeUndefined();
  });

  it('versions on overwrite; a name, a name:version and the parameter ARN select them', () => {
    ssm.putParameter({ Name: '/app/x', Value: 'one', Type: 'String' }, scope);
    expect(ssm.putParameter({ Name: '/app/x', Value: 'two', Overwrite: true }, scope)).toEqual({ Version: 2, Tier: 'Standard' });
    expect(ssm.getParameter({ Name: '/app/x' }, scope)).toMatchObject({ Value: 'two', Version: 2, ARN: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/x` });
    expect(ssm.getParameter({ Name: '/app/x:1' }, scope)).toMatchObject({ Value: 'one', Selector: ':1' });
    expect(ssm.getParameter({ Name: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/x` }, scope)).toMatchObject({ Value: 'two' });
  });

  it('refuses as SSM does, with its error codes', () => {
    ssm.putParameter({ Name: 'p', Value: 'v', Type: 'String' }, scope);
    expect(() => ssm.putParameter({ Name: 'p', Value: 'w', Type: 'String' }, scope)).toThrow(expect.objectContaining({ code: 'ParameterAlreadyExists' }));
    expect(() => ssm.getParameter({ Name: 'p:9' }, scope)).toThrow(expect.objectContaining({ code: 'ParameterVersionNotFound' }));
    expect(() => ssm.getParameter({ Name: 'nope' }, scope)).toThrow(expect.objectContaining({ code: 'ParameterNotFound', message: 'Parameter nope not found.' }));
    expect(() => ssm.deleteParameter('nope', scope)).toThrow(expect.objectContaining({ code: 'ParameterNotFound' }));
    expect(ssm.getParameters({ Names: ['p', 'nope'] }, scope)).toMatchObject({ Parameters: [{ Name: 'p' }], InvalidParameters: ['nope'] });
  });

  it('a SecureString reads as an opaque token unless decrypted', () => {
    ssm.putParameter({ Name: 'secret', Value: 's3cr3t', Type: 'SecureString' }, scope);
    expect(ssm.getParameter({ Name: 'secret' }, scope).Value).not.toContain('s3cr3t');
    expect(ssm.getParameter({ Name: 'secret', WithDecryption: true }, scope).Value).toBe('s3cr3t');
  });
});
