import { AwsError } from '../../core/aws-error';
import { iamPolicy } from '../../core/iam-policy';

const malformed = (message: string) => new AwsError('MalformedPolicyDocument', message, { status: 400 });

/**
 * Checks a policy document as IAM does on CreateRole/PutRolePolicy: JSON, then the grammar
 * (`@kms-logs-api/iam-policy`'s `parsePolicy` when it is built, else the basic shape).
 */
export function validatePolicyDocument(text: string): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed('This policy contains invalid Json');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw malformed('Syntax errors in policy.');
  const parser = iamPolicy();
  if (parser) {
    try {
      parser.parsePolicy(text);
    } catch (e) {
      throw malformed(e instanceof Error && e.message ? e.message : 'Syntax errors in policy.');
    }
    return;
  }
  const statements = (doc as Record<string, unknown>).Statement;
  const list = Array.isArray(statements) ? statements : statements && typeof statements === 'object' ? [statements] : undefined;
  if (!list || list.length === 0) throw malformed('Syntax errors in policy.');
  for (const s of list) {
    if (!s || typeof s !== 'object' || Array.isArray(s)) throw malformed('Syntax errors in policy.');
    const effect = (s as Record<string, unknown>).Effect;
    if (effect !== 'Allow' && effect !== 'Deny') throw malformed('Syntax errors in policy.');
  }
}

/** IAM returns policy documents URL-encoded (RFC 3986), as stored. */
export function encodePolicyDocument(text: string): string {
  return encodeURIComponent(text);
}
