import { parsePolicy } from '@kms-logs-api/iam-policy';
import { AwsError } from '../../core/aws-error';

const malformed = (message: string) => new AwsError('MalformedPolicyDocument', message, { status: 400 });

/**
 * Checks a policy document as IAM does on CreateRole/PutRolePolicy: JSON, then the grammar
 * (`@kms-logs-api/iam-policy`'s `parsePolicy`, the one evaluator of the repository).
 */
export function validatePolicyDocument(text: string): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed('This policy contains invalid Json');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw malformed('Syntax errors in policy.');
  try {
    parsePolicy(text);
  } catch (e) {
    throw malformed(e instanceof Error && e.message ? e.message : 'Syntax errors in policy.');
  }
}

/** IAM returns policy documents URL-encoded (RFC 3986), as stored. */
export function encodePolicyDocument(text: string): string {
  return encodeURIComponent(text);
}
