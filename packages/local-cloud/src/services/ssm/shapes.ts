import { createHash } from 'node:crypto';
import type { Parameter } from '@aws-sdk/client-ssm';
import { ssmParameterArn } from '../../core/arns/ssm';
import type { Scope } from '../../core/scope';
import type { ParameterRow } from './parameter-store';

/** `Parameter` of GetParameter / GetParameters: a SecureString reads as an opaque token unless decrypted. */
export function parameterShape(row: ParameterRow, scope: Scope, decrypt: boolean, selector?: string): Parameter {
  return {
    Name: row.name,
    Type: row.type,
    Value: row.type === 'SecureString' && !decrypt ? opaque(row.value) : row.value,
    Version: row.version,
    Selector: selector !== undefined ? `:${selector}` : undefined,
    LastModifiedDate: new Date(row.modified_at),
    ARN: ssmParameterArn(scope, row.name),
    DataType: row.data_type,
  };
}

/** What a SecureString reads as without WithDecryption: opaque, stable, never the value. */
function opaque(value: string): string {
  return Buffer.concat([Buffer.from('AQICAHg', 'base64'), createHash('sha256').update(`local-cloud:${value}`).digest()]).toString('base64');
}
